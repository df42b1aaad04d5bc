// Global conversion functions: rules.int, rules.float, rules.string, rules.path
// https://firebase.google.com/docs/reference/rules/rules (functions section)
import { RuleError } from "../errors.js";
import { show, formatFloat } from "../show.js";
import { PathValue, checkInt, typeName, type Value } from "../values.js";
import { arity, str, type MethodTable } from "./args.js";

export const conversions: MethodTable<null> = {
  int: (_, a) => {
    arity("int", a, 1);
    const v = a[0] as Value;
    if (typeof v === "bigint") return v;
    if (typeof v === "number") {
      if (!Number.isFinite(v)) throw new RuleError(`int() cannot convert ${formatFloat(v)}`);
      return checkInt(BigInt(Math.trunc(v)));
    }
    if (typeof v === "string" && /^[+-]?\d+$/.test(v.trim())) return checkInt(BigInt(v.trim()));
    throw new RuleError(`int() cannot convert ${typeName(v)} ${show(v)}`);
  },
  float: (_, a) => {
    arity("float", a, 1);
    const v = a[0] as Value;
    if (typeof v === "number") return v;
    if (typeof v === "bigint") return Number(v);
    if (
      typeof v === "string" &&
      /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$|^\s*[+-]?(Infinity|NaN)\s*$/.test(v)
    ) {
      return Number(v);
    }
    throw new RuleError(`float() cannot convert ${typeName(v)} ${show(v)}`);
  },
  string: (_, a) => {
    arity("string", a, 1);
    const v = a[0] as Value;
    return typeof v === "string" ? v : show(v);
  },
  path: (_, a) => (arity("path", a, 1), PathValue.parse(str("path", a[0]))),
};
