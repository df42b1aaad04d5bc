// Ordering of rules values for `<`, `<=`, `>`, `>=`.
import { RuleError } from "./errors.js";
import { DurationValue, TimestampValue, typeName, type Value } from "./values.js";

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
