// rules.Map — https://firebase.google.com/docs/reference/rules/rules.Map
// rules.MapDiff — https://firebase.google.com/docs/reference/rules/rules.MapDiff
import { RuleError } from "../errors.js";
import { MapDiffValue, MapValue, SetValue, equals, typeName, type Value } from "../values.js";
import { arity, map, type MethodTable } from "./args.js";

export const mapMethods: MethodTable<MapValue> = {
  diff: (m, a) => (arity("diff", a, 1), new MapDiffValue(m, map("diff", a[0]))),
  get: (m, a) => {
    arity("get", a, 2);
    return mapGet(m, a[0] as Value, a[1] as Value);
  },
  keys: (m, a) => (arity("keys", a, 0), [...m.entries.keys()]),
  size: (m, a) => (arity("size", a, 0), BigInt(m.entries.size)),
  values: (m, a) => (arity("values", a, 0), [...m.entries.values()]),
};

/** `get(key, default)`; a list key is a path into nested maps, any missing step yields the default. */
export function mapGet(m: MapValue, key: Value, fallback: Value): Value {
  const steps = Array.isArray(key) ? key : [key];
  let cur: Value = m;
  for (const step of steps) {
    if (typeof step !== "string") throw new RuleError(`map keys are strings, got ${typeName(step)}`);
    if (!(cur instanceof MapValue)) return fallback;
    const next = cur.get(step);
    if (next === undefined) return fallback;
    cur = next;
  }
  return cur;
}

export function mapField(m: MapValue, key: string): Value {
  const v = m.get(key);
  if (v === undefined) throw new RuleError(`property ${JSON.stringify(key)} is undefined on the map`);
  return v;
}

const keysWhere = (m: MapValue, pred: (k: string, v: Value) => boolean) =>
  new SetValue([...m.entries].filter(([k, v]) => pred(k, v)).map(([k]) => k));

export const mapDiffMethods: MethodTable<MapDiffValue> = {
  addedKeys: (d, a) => (arity("addedKeys", a, 0), keysWhere(d.left, (k) => !d.right.has(k))),
  removedKeys: (d, a) => (arity("removedKeys", a, 0), keysWhere(d.right, (k) => !d.left.has(k))),
  changedKeys: (d, a) => (arity("changedKeys", a, 0), keysWhere(d.left, (k, v) => changed(d.right, k, v))),
  unchangedKeys: (d, a) => {
    arity("unchangedKeys", a, 0);
    return keysWhere(d.left, (k, v) => d.right.has(k) && !changed(d.right, k, v));
  },
  affectedKeys: (d, a) => {
    arity("affectedKeys", a, 0);
    return new SetValue([
      ...keysWhere(d.left, (k, v) => !d.right.has(k) || changed(d.right, k, v)).items,
      ...keysWhere(d.right, (k) => !d.left.has(k)).items,
    ]);
  },
};

function changed(other: MapValue, k: string, v: Value): boolean {
  const w = other.get(k);
  return w !== undefined && !equals(v, w);
}
