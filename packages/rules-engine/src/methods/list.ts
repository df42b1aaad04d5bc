// rules.List — https://firebase.google.com/docs/reference/rules/rules.List
import { RuleError } from "../errors.js";
import { SetValue, equals, type Value } from "../values.js";
import { arity, items, list, str, type MethodTable } from "./args.js";
import { sliceBounds } from "./string.js";

const includes = (xs: Value[], v: Value) => xs.some((x) => equals(x, v));

export const listMethods: MethodTable<Value[]> = {
  concat: (l, a) => (arity("concat", a, 1), [...l, ...list("concat", a[0])]),
  hasAll: (l, a) => (arity("hasAll", a, 1), items("hasAll", a[0]).every((v) => includes(l, v))),
  hasAny: (l, a) => (arity("hasAny", a, 1), items("hasAny", a[0]).some((v) => includes(l, v))),
  hasOnly: (l, a) => {
    arity("hasOnly", a, 1);
    const allowed = items("hasOnly", a[0]);
    return l.every((v) => includes(allowed, v));
  },
  join: (l, a) => {
    arity("join", a, 1);
    const sep = str("join", a[0]);
    return l.map((v) => str("join (element)", v)).join(sep);
  },
  removeAll: (l, a) => {
    arity("removeAll", a, 1);
    const gone = items("removeAll", a[0]);
    return l.filter((v) => !includes(gone, v));
  },
  size: (l, a) => (arity("size", a, 0), BigInt(l.length)),
  toSet: (l, a) => (arity("toSet", a, 0), new SetValue(l)),
};

export function listIndex(l: Value[], i: bigint): Value {
  if (i < 0n || i >= BigInt(l.length)) throw new RuleError(`list index ${i} out of range`);
  return l[Number(i)] as Value;
}

export function listSlice(l: Value[], start: bigint | null, end: bigint | null): Value[] {
  const [from, to] = sliceBounds(l.length, start, end);
  return l.slice(from, to);
}
