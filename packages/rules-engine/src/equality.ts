// Equality and ordering of rules values.
import { RuleError } from "./errors.js";
import {
  DurationValue,
  LatLngValue,
  MapValue,
  PathValue,
  SetValue,
  TimestampValue,
  typeName,
  type Value,
} from "./values.js";

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
