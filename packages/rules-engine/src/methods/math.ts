// rules.math — https://firebase.google.com/docs/reference/rules/rules.math
import { RuleError } from "../errors.js";
import { checkInt, typeName, type Value } from "../values.js";
import { arity, num, type MethodTable } from "./args.js";

/** Float to int for ceil/floor/round; NaN and infinities have no int. */
function toInt(name: string, f: number): bigint {
  if (!Number.isFinite(f)) throw new RuleError(`math.${name}() of ${f} has no int value`);
  return checkInt(BigInt(f));
}

export const mathNamespace: MethodTable<null> = {
  abs: (_, a) => {
    arity("math.abs", a, 1);
    const v = a[0] as Value;
    if (typeof v === "bigint") return checkInt(v < 0n ? -v : v);
    if (typeof v === "number") return Math.abs(v);
    throw new RuleError(`math.abs() expects a number, got ${typeName(v)}`);
  },
  ceil: (_, a) => (arity("math.ceil", a, 1), intOrApply(a[0], "ceil", Math.ceil)),
  floor: (_, a) => (arity("math.floor", a, 1), intOrApply(a[0], "floor", Math.floor)),
  // Halves round away from zero: math.round(2.5) == 3 and math.round(-2.5) == -3.
  round: (_, a) => (
    arity("math.round", a, 1),
    intOrApply(a[0], "round", (f) => Math.sign(f) * Math.round(Math.abs(f)))
  ),
  isInfinite: (_, a) => {
    arity("math.isInfinite", a, 1);
    const f = num("math.isInfinite", a[0]);
    return f === Infinity || f === -Infinity;
  },
  isNaN: (_, a) => (arity("math.isNaN", a, 1), Number.isNaN(num("math.isNaN", a[0]))),
  pow: (_, a) => (arity("math.pow", a, 2), num("math.pow", a[0]) ** num("math.pow", a[1])),
  sqrt: (_, a) => (arity("math.sqrt", a, 1), Math.sqrt(num("math.sqrt", a[0]))),
};

function intOrApply(v: Value | undefined, name: string, f: (x: number) => number): bigint {
  if (typeof v === "bigint") return v;
  return toInt(name, f(num(`math.${name}`, v)));
}
