// List requests are judged against the query, not against stored documents ("rules are not
// filters", https://firebase.google.com/docs/firestore/security/rules-query): a rule may allow a
// query only if it holds for every document the query could return. The documents a query can
// return are described by its where-clauses alone, so `resource` becomes a symbolic value whose
// fields are known only through those clauses; whatever they do not decide is an error, which
// denies the allow.
//
// Disjunctive clauses (`in`, `array-contains-any`) are split into one case per value; the rule
// must hold in every case.
import { RuleError } from "./errors.js";
import { compare } from "./ordering.js";
import { show } from "./show.js";
import { toValue } from "./from-js.js";
import { PathValue, SymbolicValue, equals, typeName, type Value } from "./values.js";

export type WhereOp =
  "==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "not-in" | "array-contains" | "array-contains-any";
export type WhereClause = [field: string, op: string, value: unknown];

interface Constraint {
  field: string;
  op: Exclude<WhereOp, "in" | "array-contains-any">;
  value: Value;
}

/** Firestore caps a query's disjunctions at 30; beyond this many cases something is wrong. */
const MAX_CASES = 1024;
const OPS: ReadonlySet<string> = new Set([
  "==",
  "!=",
  "<",
  "<=",
  ">",
  ">=",
  "in",
  "not-in",
  "array-contains",
  "array-contains-any",
]);

/** Expands where-clauses into the conjunctive cases the rule must hold in. */
export function queryCases(where: readonly WhereClause[]): Constraint[][] {
  let cases: Constraint[][] = [[]];
  for (const [field, op, raw] of where) {
    if (!OPS.has(op)) throw new TypeError(`unsupported where operator ${JSON.stringify(op)}`);
    const value = toValue(raw);
    if (op === "in" || op === "array-contains-any") {
      if (!Array.isArray(value)) throw new TypeError(`where ${field} ${op} needs an array`);
      const single = op === "in" ? "==" : "array-contains";
      // Counted before expanding: a request of two long lists must not build their product to refuse it.
      if (cases.length * value.length > MAX_CASES)
        throw new TypeError(`query expands into more than ${MAX_CASES} cases`);
      cases = cases.flatMap((c) => value.map((v) => [...c, { field, op: single, value: v } as Constraint]));
    } else {
      for (const c of cases) c.push({ field, op: op as Constraint["op"], value });
    }
  }
  return cases;
}

/** `resource` of a list request in one case. */
export class QueryResource extends SymbolicValue {
  constructor(private readonly constraints: readonly Constraint[]) {
    super();
  }
  describe(): string {
    return "resource";
  }
  member(name: string): Value {
    if (name === "data") return new QueryData(this.constraints);
    if (name === "id" || name === "__name__") {
      const eq = this.constraints.find((c) => c.field === "__name__" && c.op === "==");
      if (eq && name === "__name__" && eq.value instanceof PathValue) return eq.value;
      if (eq && name === "id") {
        const v = eq.value;
        if (typeof v === "string") return v;
        if (v instanceof PathValue) return v.segments[v.segments.length - 1] as string;
      }
      return new QueryField(`resource.${name}`, []);
    }
    throw new RuleError(`resource has no field ${name}`);
  }
  compare(op: "==" | "!=", other: Value): boolean {
    // Every document a query returns exists, so resource is never null.
    if (other === null && (op === "==" || op === "!=")) return op === "!=";
    this.unknown(`'${op}'`);
  }
  contains(): boolean {
    this.unknown("'in'");
  }
  isType(): boolean {
    this.unknown("'is'");
  }
}

/** `resource.data` of a list request. */
class QueryData extends SymbolicValue {
  constructor(private readonly constraints: readonly Constraint[]) {
    super();
  }
  describe(): string {
    return "resource.data";
  }
  member(name: string): Value {
    return fieldValue(name, this.constraints);
  }
  compare(op: string): boolean {
    this.unknown(`'${op}'`);
  }
  /** `'f' in resource.data`: every filter on f (or below it) excludes documents lacking f. */
  contains(key: Value): boolean {
    if (typeof key !== "string") throw new RuleError(`map keys are strings, got ${typeName(key)}`);
    if (this.constraints.some((c) => c.field === key || c.field.startsWith(key + "."))) return true;
    this.unknown(`'in'`);
  }
  isType(name: string): boolean {
    return name === "map";
  }
}

function fieldValue(field: string, all: readonly Constraint[]): Value {
  const eq = all.find((c) => c.field === field && c.op === "==");
  if (eq) return eq.value;
  return new QueryField(
    `resource.data.${field}`,
    all.filter((c) => c.field === field || c.field.startsWith(field + ".")),
    field,
  );
}

interface Bound {
  value: Value;
  inclusive: boolean;
}

/** A document field the query constrains only partly (or not at all). */
class QueryField extends SymbolicValue {
  constructor(
    private readonly label: string,
    private readonly constraints: readonly Constraint[],
    private readonly field = "",
  ) {
    super();
  }
  describe(): string {
    return this.label;
  }
  member(name: string): Value {
    if (!this.field) this.unknown(`field ${name}`);
    return fieldValue(`${this.field}.${name}`, this.constraints);
  }
  private own(): Constraint[] {
    return this.constraints.filter((c) => c.field === this.field);
  }
  compare(op: "==" | "!=" | "<" | "<=" | ">" | ">=", v: Value): boolean {
    const known = this.decide(op, v);
    if (known === undefined) this.unknown(`'${op} ${show(v)}'`);
    return known;
  }
  private decide(op: "==" | "!=" | "<" | "<=" | ">" | ">=", v: Value): boolean | undefined {
    const own = this.own();
    if (op === "==" || op === "!=") {
      const excluded = own.some(
        (c) =>
          (c.op === "!=" && equals(c.value, v)) ||
          (c.op === "not-in" && Array.isArray(c.value) && c.value.some((x) => equals(x, v))),
      );
      if (excluded || this.outside(v)) return op === "!=";
      return undefined;
    }
    const { lo, hi } = this.interval(v);
    const cmp = (b: Bound | undefined) => (b ? compare(b.value, v) : undefined);
    const l = cmp(lo);
    const h = cmp(hi);
    switch (op) {
      case "<":
        if (h !== undefined && (h < 0 || (h === 0 && !hi?.inclusive))) return true;
        if (l !== undefined && l >= 0) return false;
        return undefined;
      case "<=":
        if (h !== undefined && h <= 0) return true;
        if (l !== undefined && (l > 0 || (l === 0 && !lo?.inclusive))) return false;
        return undefined;
      case ">":
        if (l !== undefined && (l > 0 || (l === 0 && !lo?.inclusive))) return true;
        if (h !== undefined && h <= 0) return false;
        return undefined;
      case ">=":
        if (l !== undefined && l >= 0) return true;
        if (h !== undefined && (h < 0 || (h === 0 && !hi?.inclusive))) return false;
        return undefined;
    }
  }
  /** The tightest bounds from range filters comparable with `v`. */
  private interval(v: Value): { lo?: Bound; hi?: Bound } {
    let lo: Bound | undefined;
    let hi: Bound | undefined;
    for (const c of this.own()) {
      if (!isRange(c.op) || typeClass(c.value) !== typeClass(v)) continue;
      const bound = { value: c.value, inclusive: c.op === "<=" || c.op === ">=" };
      if (c.op === ">" || c.op === ">=") {
        if (!lo || compare(c.value, lo.value) > 0 || (compare(c.value, lo.value) === 0 && !bound.inclusive))
          lo = bound;
      } else if (
        !hi ||
        compare(c.value, hi.value) < 0 ||
        (compare(c.value, hi.value) === 0 && !bound.inclusive)
      ) {
        hi = bound;
      }
    }
    return { lo, hi };
  }
  /** Whether range filters rule out the value `v` entirely. */
  private outside(v: Value): boolean {
    const ranges = this.own().filter((c) => isRange(c.op));
    // Range filters only match values of their operand's type.
    if (ranges.some((c) => typeClass(c.value) !== typeClass(v))) return true;
    const { lo, hi } = this.interval(v);
    if (lo) {
      const l = compare(lo.value, v);
      if (l > 0 || (l === 0 && !lo.inclusive)) return true;
    }
    if (hi) {
      const h = compare(hi.value, v);
      if (h < 0 || (h === 0 && !hi.inclusive)) return true;
    }
    return false;
  }
  contains(item: Value): boolean {
    if (this.own().some((c) => c.op === "array-contains" && equals(c.value, item))) return true;
    this.unknown("'in'");
  }
  isType(name: string): boolean {
    const own = this.own();
    if (name === "list" && own.some((c) => c.op === "array-contains")) return true;
    const range = own.find((c) => isRange(c.op));
    if (
      range &&
      (typeClass(range.value) === name || (name === "number" && typeClass(range.value) === "number"))
    ) {
      return true;
    }
    this.unknown("'is'");
  }
}

function isRange(op: string): boolean {
  return op === "<" || op === "<=" || op === ">" || op === ">=";
}

/** Firestore orders ints and floats together as numbers. */
function typeClass(v: Value): string {
  const t = typeName(v);
  return t === "int" || t === "float" ? "number" : t;
}
