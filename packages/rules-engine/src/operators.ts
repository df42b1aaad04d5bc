// Operators on evaluated operands: field access, indexing, comparison, `in` and arithmetic.
// Comparisons involving a SymbolicValue (list-query judging) are delegated to it.
import type { BinaryOp } from "./ast.js";
import { RuleError } from "./errors.js";
import { listIndex } from "./methods/list.js";
import { mapField } from "./methods/map.js";
import { pathIndex } from "./methods/path.js";
import { stringIndex } from "./methods/string.js";
import { timeArithmetic } from "./methods/time.js";
import { compare } from "./ordering.js";
import {
  MapValue,
  PathValue,
  SetValue,
  SymbolicValue,
  checkInt,
  equals,
  typeName,
  type Value,
} from "./values.js";

/** `target.name` */
export function member(target: Value, name: string): Value {
  if (target instanceof MapValue) return mapField(target, name);
  if (target instanceof SymbolicValue) return target.member(name);
  if (target instanceof PathValue) return pathIndex(target, name);
  throw new RuleError(`cannot read field ${name} of ${typeName(target)}`);
}

/** `target[key]` */
export function index(target: Value, key: Value): Value {
  if (Array.isArray(target)) {
    if (typeof key !== "bigint") throw new RuleError(`list index must be an int, got ${typeName(key)}`);
    return listIndex(target, key);
  }
  if (typeof target === "string") {
    if (typeof key !== "bigint") throw new RuleError(`string index must be an int, got ${typeName(key)}`);
    return stringIndex(target, key);
  }
  if (target instanceof MapValue || target instanceof SymbolicValue) {
    if (typeof key !== "string") throw new RuleError(`map keys are strings, got ${typeName(key)}`);
    return member(target, key);
  }
  if (target instanceof PathValue) return pathIndex(target, key);
  throw new RuleError(`cannot index ${typeName(target)}`);
}

const FLIPPED = { "==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<=" } as const;

/** Binary operators other than && and ||, on evaluated operands. */
export function binary(op: BinaryOp, l: Value, r: Value): Value {
  if (op === "in") return contains(r, l);
  if (l instanceof SymbolicValue) {
    if (op in FLIPPED) return l.compare(op as keyof typeof FLIPPED, r);
    l.unknown(`'${op}'`);
  }
  if (r instanceof SymbolicValue) {
    if (op in FLIPPED) return r.compare(FLIPPED[op as keyof typeof FLIPPED], l);
    r.unknown(`'${op}'`);
  }
  switch (op) {
    case "==":
      return equals(l, r);
    case "!=":
      return !equals(l, r);
    case "<":
      return compare(l, r) < 0;
    case "<=":
      return compare(l, r) <= 0;
    case ">":
      return compare(l, r) > 0;
    case ">=":
      return compare(l, r) >= 0;
    default:
      return arithmetic(op, l, r);
  }
}

function contains(container: Value, item: Value): boolean {
  if (container instanceof SymbolicValue) return container.contains(item);
  if (item instanceof SymbolicValue && Array.isArray(container)) {
    // x in [a, b]: true if x is known to equal one, false if known to differ from all.
    let unknown: RuleError | null = null;
    for (const c of container) {
      try {
        if (item.compare("==", c)) return true;
      } catch (err) {
        if (!(err instanceof RuleError)) throw err;
        unknown = err;
      }
    }
    if (unknown) throw unknown;
    return false;
  }
  if (Array.isArray(container)) return container.some((x) => equals(x, item));
  if (container instanceof MapValue) return typeof item === "string" && container.has(item);
  if (container instanceof SetValue) return container.has(item);
  throw new RuleError(`'in' needs a list, map or set on the right, got ${typeName(container)}`);
}

function arithmetic(op: "+" | "-" | "*" | "/" | "%", l: Value, r: Value): Value {
  if (typeof l === "bigint" && typeof r === "bigint") {
    switch (op) {
      case "+":
        return checkInt(l + r);
      case "-":
        return checkInt(l - r);
      case "*":
        return checkInt(l * r);
      case "/":
        // Division truncates toward zero; INT_MIN / -1 overflows.
        if (r === 0n) throw new RuleError("division by zero");
        return checkInt(l / r);
      case "%":
        if (r === 0n) throw new RuleError("modulo by zero");
        return l % r;
    }
  }
  if ((typeof l === "bigint" || typeof l === "number") && (typeof r === "bigint" || typeof r === "number")) {
    // Mixed int and float arithmetic is float arithmetic (IEEE 754, so 1.0 / 0 is Infinity).
    const x = Number(l);
    const y = Number(r);
    switch (op) {
      case "+":
        return x + y;
      case "-":
        return x - y;
      case "*":
        return x * y;
      case "/":
        return x / y;
      case "%":
        return x % y;
    }
  }
  if (op === "+") {
    if (typeof l === "string" && typeof r === "string") return l + r;
    if (Array.isArray(l) && Array.isArray(r)) return [...l, ...r];
  }
  if (op === "+" || op === "-") {
    const t = timeArithmetic(op, l, r);
    if (t !== undefined) return t;
  }
  throw new RuleError(`operator ${op} does not apply to ${typeName(l)} and ${typeName(r)}`);
}
