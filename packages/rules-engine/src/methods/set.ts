// rules.Set — https://firebase.google.com/docs/reference/rules/rules.Set
import { SetValue } from "../values.js";
import { arity, items, set, type MethodTable } from "./args.js";

export const setMethods: MethodTable<SetValue> = {
  difference: (s, a) => {
    arity("difference", a, 1);
    const other = set("difference", a[0]);
    return new SetValue(s.items.filter((v) => !other.has(v)));
  },
  hasAll: (s, a) => (arity("hasAll", a, 1), items("hasAll", a[0]).every((v) => s.has(v))),
  hasAny: (s, a) => (arity("hasAny", a, 1), items("hasAny", a[0]).some((v) => s.has(v))),
  hasOnly: (s, a) => {
    arity("hasOnly", a, 1);
    const allowed = new SetValue(items("hasOnly", a[0]));
    return s.items.every((v) => allowed.has(v));
  },
  intersection: (s, a) => {
    arity("intersection", a, 1);
    const other = set("intersection", a[0]);
    return new SetValue(s.items.filter((v) => other.has(v)));
  },
  size: (s, a) => (arity("size", a, 0), BigInt(s.items.length)),
  union: (s, a) => (arity("union", a, 1), new SetValue([...s.items, ...set("union", a[0]).items])),
};
