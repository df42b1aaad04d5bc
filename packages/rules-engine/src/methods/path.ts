// rules.Path — https://firebase.google.com/docs/reference/rules/rules.Path
import { RuleError } from "../errors.js";
import { show } from "../show.js";
import { PathValue, type Value } from "../values.js";
import { arity, map, type MethodTable } from "./args.js";

export const pathMethods: MethodTable<PathValue> = {
  bind: (p, a) => {
    arity("bind", a, 1);
    const m = map("bind", a[0]);
    const bindings = new Map(p.bindings);
    for (const [k, v] of m.entries) bindings.set(k, v);
    const segments = p.segments.map((s) => {
      if (typeof s === "string") return s;
      const v = m.get(s.binding);
      return v === undefined ? s : segmentText(v);
    });
    return new PathValue(segments, bindings);
  },
};

/** Interpolated segment text: strings as they are, other scalars in their literal form. */
export function segmentText(v: Value): string {
  if (v === null) throw new RuleError("cannot interpolate null into a path");
  if (typeof v === "string") return v;
  if (v instanceof PathValue) return v.segments.map((s) => (typeof s === "string" ? s : "")).join("/");
  return show(v);
}

/** `path[i]` is the i-th segment; `path["name"]` and `path.name` read a binding. */
export function pathIndex(p: PathValue, key: Value): Value {
  if (typeof key === "bigint") {
    const s = key >= 0n && key < BigInt(p.segments.length) ? p.segments[Number(key)] : undefined;
    if (s === undefined) throw new RuleError(`path index ${key} out of range`);
    if (typeof s !== "string") throw new RuleError(`path segment ${key} is unbound`);
    return s;
  }
  if (typeof key === "string") {
    const v = p.bindings.get(key);
    if (v === undefined) throw new RuleError(`path has no binding named ${JSON.stringify(key)}`);
    return v;
  }
  throw new RuleError("a path index must be an int or a binding name");
}
