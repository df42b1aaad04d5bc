// Runtime values of the rules language and their mapping from JavaScript data.
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

/**
 * A map. Maps built from request data convert their fields on first access: a rule usually
 * reads a few fields of a document, and converting whole documents dominated evaluation time.
 */
export class MapValue {
  private seen: Map<string, Value> | null = null;

  /** Either converted `entries`, or `raw` JS data to convert on access. */
  constructor(
    private all: Map<string, Value> | null,
    private readonly raw: Record<string, unknown> | null = null,
  ) {}
  static from(record: Record<string, Value>): MapValue {
    return new MapValue(new Map(Object.entries(record)));
  }
  /** A map over JS data, converted lazily with toValue. */
  static lazy(raw: Record<string, unknown>): MapValue {
    return new MapValue(null, raw);
  }
  get(key: string): Value | undefined {
    if (this.all) return this.all.get(key);
    const raw = this.raw as Record<string, unknown>;
    if (!Object.hasOwn(raw, key)) return undefined;
    let v = this.seen?.get(key);
    if (v === undefined) {
      v = toValue(raw[key]);
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

/** Ordering for `<`, `<=`, `>`, `>=`: numbers, strings, bytes, timestamps, durations. */
export function compare(a: Value, b: Value): number {
  const ta = typeof a;
  const tb = typeof b;
  if ((ta === "bigint" || ta === "number") && (tb === "bigint" || tb === "number")) {
    if (ta === "bigint" && tb === "bigint") return a === b ? 0 : (a as bigint) < (b as bigint) ? -1 : 1;
    const x = Number(a);
    const y = Number(b);
    if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
    return x === y ? 0 : x < y ? -1 : 1;
  }
  if (ta === "string" && tb === "string") return a === b ? 0 : (a as string) < (b as string) ? -1 : 1;
  if (a instanceof TimestampValue && b instanceof TimestampValue) return sign(a.nanos - b.nanos);
  if (a instanceof DurationValue && b instanceof DurationValue) return sign(a.nanos - b.nanos);
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
    }
    return a.length - b.length;
  }
  throw new RuleError(`cannot compare ${typeName(a)} with ${typeName(b)}`);
}

function sign(n: bigint): number {
  return n === 0n ? 0 : n < 0n ? -1 : 1;
}

/**
 * Converts request data into rules values. JS integers become ints and other numbers floats
 * (wrap in FloatValue to force a float), `bigint` is an int, `Date` a timestamp, `Uint8Array`
 * bytes, PathValue a reference/path, LatLngValue a geopoint, TimestampValue and DurationValue
 * themselves; arrays are lists and plain objects maps.
 */
export function toValue(js: unknown): Value {
  if (js === null || js === undefined) return null;
  switch (typeof js) {
    case "boolean":
    case "string":
      return js;
    case "bigint":
      return checkInt(js);
    case "number":
      return Number.isInteger(js) && Math.abs(js) < 2 ** 63 && !Object.is(js, -0) ? BigInt(js) : js;
  }
  if (Array.isArray(js)) return js.map(toValue);
  if (js instanceof Date) return TimestampValue.fromDate(js);
  if (js instanceof FloatValue) return js.value;
  if (
    js instanceof Uint8Array ||
    js instanceof PathValue ||
    js instanceof LatLngValue ||
    js instanceof TimestampValue ||
    js instanceof DurationValue ||
    js instanceof MapValue
  ) {
    return js;
  }
  if (typeof js === "object")
    return fromSdkType(js as Record<string, unknown>) ?? MapValue.lazy(js as Record<string, unknown>);
  throw new TypeError(`cannot convert ${typeof js} to a rules value`);
}

/**
 * Firestore SDK values (Timestamp, GeoPoint, DocumentReference) are recognised by shape, so data
 * read with firebase or firebase-admin can be handed over as it is.
 */
function fromSdkType(o: Record<string, unknown>): Value | undefined {
  if (typeof o.toDate === "function" && typeof o.seconds === "number" && typeof o.nanoseconds === "number") {
    return new TimestampValue(BigInt(o.seconds) * 1_000_000_000n + BigInt(o.nanoseconds));
  }
  if (typeof o.isEqual === "function" && typeof o.latitude === "number" && typeof o.longitude === "number") {
    return new LatLngValue(o.latitude, o.longitude);
  }
  if (typeof o.path === "string" && typeof o.id === "string" && typeof o.firestore === "object") {
    return PathValue.parse(`/databases/(default)/documents/${o.path}`);
  }
  return undefined;
}

/** A short rendering for error messages and debug(). */
export function show(v: Value): string {
  if (v === null) return "null";
  switch (typeof v) {
    case "string":
      return JSON.stringify(v);
    case "bigint":
      return v.toString();
    case "number":
      return formatFloat(v);
    case "boolean":
      return String(v);
  }
  if (Array.isArray(v)) return `[${v.map(show).join(", ")}]`;
  if (v instanceof Uint8Array)
    return `b'${[...v].map((x) => "\\x" + x.toString(16).padStart(2, "0")).join("")}'`;
  if (v instanceof MapValue)
    return `{${[...v.entries].map(([k, x]) => `${JSON.stringify(k)}: ${show(x)}`).join(", ")}}`;
  if (v instanceof SetValue) return `set(${show(v.items)})`;
  if (v instanceof PathValue) return v.toString();
  if (v instanceof TimestampValue)
    return `timestamp(${new Date(Number(v.nanos / 1_000_000n)).toISOString()})`;
  if (v instanceof DurationValue) return `duration(${v.nanos}ns)`;
  if (v instanceof LatLngValue) return `latlng(${v.latitude}, ${v.longitude})`;
  if (v instanceof MapDiffValue) return "map_diff";
  return v.describe();
}

/** Floats always render with a fraction or exponent so they read differently from ints. */
export function formatFloat(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? "NaN" : n > 0 ? "Infinity" : "-Infinity";
  const s = String(n);
  return /[.eE]/.test(s) ? s : s + ".0";
}
