// Runtime values of the rules language, and their equality. Converting JavaScript data into them is
// from-js.ts's job; a lazy MapValue is handed that converter and calls it per key read.
//
// Representation (chosen so `typeof` separates the hot types without wrappers):
//   null -> null, bool -> boolean, int -> bigint (exact 64-bit arithmetic), float -> number,
//   string -> string, bytes -> Uint8Array, list -> Value[], and classes below for the rest.
import { RuleError } from "./errors.js";

export type Value =
  | null
  | boolean
  | bigint
  | number
  | string
  | Uint8Array
  | Value[]
  | MapValue
  | SetValue
  | PathValue
  | TimestampValue
  | DurationValue
  | LatLngValue
  | MapDiffValue
  | SymbolicValue;

export const INT_MIN = -(2n ** 63n);
export const INT_MAX = 2n ** 63n - 1n;

/** Rejects ints outside 64 bits: the service fails the expression instead of wrapping. */
export function checkInt(n: bigint): bigint {
  if (n < INT_MIN || n > INT_MAX) throw new RuleError("integer overflow");
  return n;
}

/** Converts one JS field of request data into a rules value (from-js.ts's toValue). */
export type Converter = (js: unknown) => Value;

/**
 * A map. Maps built from request data convert their fields on first access: a rule usually
 * reads a few fields of a document, and converting whole documents dominated evaluation time.
 */
export class MapValue {
  private seen: Map<string, Value> | null = null;

  /** Either converted `entries`, or `raw` JS data to convert on access with `convert`. */
  constructor(
    private all: Map<string, Value> | null,
    private readonly raw: Record<string, unknown> | null = null,
    private readonly convert: Converter | null = null,
  ) {}
  static from(record: Record<string, Value>): MapValue {
    return new MapValue(new Map(Object.entries(record)));
  }
  /** A map over JS data, each field converted with `convert` when first read. */
  static lazy(raw: Record<string, unknown>, convert: Converter): MapValue {
    return new MapValue(null, raw, convert);
  }
  get(key: string): Value | undefined {
    if (this.all) return this.all.get(key);
    const raw = this.raw as Record<string, unknown>;
    if (!Object.hasOwn(raw, key)) return undefined;
    let v = this.seen?.get(key);
    if (v === undefined) {
      v = (this.convert as Converter)(raw[key]);
      (this.seen ??= new Map()).set(key, v);
    }
    return v;
  }
  has(key: string): boolean {
    return this.all ? this.all.has(key) : Object.hasOwn(this.raw as object, key);
  }
  /** Every entry, converting whatever was not read yet. */
  get entries(): ReadonlyMap<string, Value> {
    if (!this.all) {
      const all = new Map<string, Value>();
      for (const key of Object.keys(this.raw as object)) all.set(key, this.get(key) as Value);
      this.all = all;
    }
    return this.all;
  }
}

/** A set keeps insertion order and compares members with rules equality. */
export class SetValue {
  readonly items: Value[] = [];
  constructor(items: Iterable<Value>) {
    for (const v of items) if (!this.has(v)) this.items.push(v);
  }
  has(v: Value): boolean {
    return this.items.some((x) => equals(x, v));
  }
}

/** A segment awaiting `bind()`, from `$(name)` where `name` is not a variable. */
export interface Binding {
  binding: string;
}

/**
 * A path: `/databases/(default)/documents/users/alice` or a Storage object path. Also the
 * public representation of a Firestore reference value inside document data.
 */
export class PathValue {
  constructor(
    readonly segments: readonly (string | Binding)[],
    /** Named bindings, from wildcards matched by `{name=**}` or `bind()`. */
    readonly bindings: ReadonlyMap<string, Value> = new Map(),
  ) {}
  static parse(text: string): PathValue {
    return new PathValue(text.split("/").filter((s) => s !== ""));
  }
  toString(): string {
    return "/" + this.segments.map((s) => (typeof s === "string" ? s : `$(${s.binding})`)).join("/");
  }
}

/** A point in time with nanosecond precision (as Firestore stores them, to the microsecond). */
export class TimestampValue {
  constructor(readonly nanos: bigint) {}
  static fromDate(d: Date): TimestampValue {
    return new TimestampValue(BigInt(d.getTime()) * 1_000_000n);
  }
}

export class DurationValue {
  constructor(readonly nanos: bigint) {}
}

/** A geographic point; the public representation of a Firestore GeoPoint. */
export class LatLngValue {
  constructor(
    readonly latitude: number,
    readonly longitude: number,
  ) {}
}

export class MapDiffValue {
  constructor(
    readonly left: MapValue,
    readonly right: MapValue,
  ) {}
}

/** Wraps a JS number that must be a rules float even though it is integral (e.g. 1.0). */
export class FloatValue {
  constructor(readonly value: number) {}
}

/**
 * A value known only through constraints, such as a field of the documents a list query may
 * return. Operations it cannot decide throw a RuleError, which denies like any error.
 */
export abstract class SymbolicValue {
  abstract describe(): string;
  abstract member(name: string): Value;
  /** Decides `this <op> other` (other concrete), or throws. */
  abstract compare(op: "==" | "!=" | "<" | "<=" | ">" | ">=", other: Value): boolean;
  /** Decides `item in this`, or throws. */
  abstract contains(item: Value): boolean;
  abstract isType(typeName: string): boolean;
  unknown(what: string): never {
    throw new RuleError(`${what} of ${this.describe()} is not guaranteed by the query`);
  }
}

export const TYPE_NAMES: ReadonlySet<string> = new Set([
  "bool",
  "bytes",
  "duration",
  "float",
  "int",
  "latlng",
  "list",
  "map",
  "map_diff",
  "number",
  "path",
  "set",
  "string",
  "timestamp",
]);

export function typeName(v: Value): string {
  if (v === null) return "null";
  switch (typeof v) {
    case "boolean":
      return "bool";
    case "bigint":
      return "int";
    case "number":
      return "float";
    case "string":
      return "string";
  }
  if (Array.isArray(v)) return "list";
  if (v instanceof Uint8Array) return "bytes";
  if (v instanceof MapValue) return "map";
  if (v instanceof SetValue) return "set";
  if (v instanceof PathValue) return "path";
  if (v instanceof TimestampValue) return "timestamp";
  if (v instanceof DurationValue) return "duration";
  if (v instanceof LatLngValue) return "latlng";
  if (v instanceof MapDiffValue) return "map_diff";
  return v.describe();
}

/** `v is name`; `number` accepts int and float. */
export function isType(v: Value, name: string): boolean {
  if (v instanceof SymbolicValue) return v.isType(name);
  const t = typeName(v);
  return t === name || (name === "number" && (t === "int" || t === "float"));
}

/** Rules equality: ints equal floats of the same value; containers compare deeply. */
export function equals(a: Value, b: Value): boolean {
  if (a === b) return typeof a !== "number" || !Number.isNaN(a);
  if (a === null || b === null) return false;
  const ta = typeof a;
  const tb = typeof b;
  if (ta === "bigint" || ta === "number") {
    if (tb !== "bigint" && tb !== "number") return false;
    return ta === tb
      ? a === b
      : Number(a) === Number(b) && exactIntFloat(a as bigint | number, b as bigint | number);
  }
  if (ta !== "object" || tb !== "object") return false;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => equals(x, b[i] as Value));
  }
  if (a instanceof Uint8Array) {
    return b instanceof Uint8Array && a.length === b.length && a.every((x, i) => x === b[i]);
  }
  if (a instanceof MapValue) {
    if (!(b instanceof MapValue) || a.entries.size !== b.entries.size) return false;
    for (const [k, v] of a.entries) {
      const w = b.get(k);
      if (w === undefined || !equals(v, w)) return false;
    }
    return true;
  }
  if (a instanceof SetValue) {
    return b instanceof SetValue && a.items.length === b.items.length && a.items.every((x) => b.has(x));
  }
  if (a instanceof PathValue) {
    return (
      b instanceof PathValue &&
      a.segments.length === b.segments.length &&
      a.segments.every((s, i) => s === b.segments[i])
    );
  }
  if (a instanceof TimestampValue) return b instanceof TimestampValue && a.nanos === b.nanos;
  if (a instanceof DurationValue) return b instanceof DurationValue && a.nanos === b.nanos;
  if (a instanceof LatLngValue) {
    return b instanceof LatLngValue && a.latitude === b.latitude && a.longitude === b.longitude;
  }
  return false;
}

/** Guards int/float equality against precision loss beyond 2^53. */
function exactIntFloat(a: bigint | number, b: bigint | number): boolean {
  const f = typeof a === "number" ? a : (b as number);
  const i = typeof a === "bigint" ? a : (b as bigint);
  return Number.isInteger(f) && Math.abs(f) < 2 ** 63 && BigInt(f) === i;
}
