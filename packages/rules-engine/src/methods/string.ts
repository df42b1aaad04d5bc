// rules.String — https://firebase.google.com/docs/reference/rules/rules.String
import { RuleError } from "../errors.js";
import { arity, str, type MethodTable } from "./args.js";
import { compileRegex } from "./regex.js";

export const stringMethods: MethodTable<string> = {
  lower: (s, a) => (arity("lower", a, 0), s.toLowerCase()),
  upper: (s, a) => (arity("upper", a, 0), s.toUpperCase()),
  trim: (s, a) => (arity("trim", a, 0), s.trim()),
  // Sizes and indexes count Unicode code points, not UTF-16 units.
  size: (s, a) => (arity("size", a, 0), BigInt(codePoints(s).length)),
  matches: (s, a) => (arity("matches", a, 1), compileRegex(str("matches", a[0])).matches(s)),
  replace: (s, a) => {
    arity("replace", a, 2);
    return compileRegex(str("replace", a[0])).matcher(s).replaceAll(str("replace", a[1]));
  },
  split: (s, a) => (arity("split", a, 1), compileRegex(str("split", a[0])).split(s, -1)),
  toUtf8: (s, a) => (arity("toUtf8", a, 0), new TextEncoder().encode(s)),
};

export function codePoints(s: string): string[] {
  return Array.from(s);
}

export function stringIndex(s: string, i: bigint): string {
  const cps = codePoints(s);
  if (i < 0n || i >= BigInt(cps.length)) throw new RuleError(`string index ${i} out of range`);
  return cps[Number(i)] as string;
}

export function stringSlice(s: string, start: bigint | null, end: bigint | null): string {
  const cps = codePoints(s);
  const [from, to] = sliceBounds(cps.length, start, end);
  return cps.slice(from, to).join("");
}

/** `x[i:j]` bounds: both default to the ends, and must satisfy 0 <= i <= j <= size. */
export function sliceBounds(size: number, start: bigint | null, end: bigint | null): [number, number] {
  const from = start ?? 0n;
  const to = end ?? BigInt(size);
  if (from < 0n || to > BigInt(size) || from > to) {
    throw new RuleError(`slice [${from}:${to}] out of range for size ${size}`);
  }
  return [Number(from), Number(to)];
}
