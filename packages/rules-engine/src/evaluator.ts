// Tree-walking evaluator for rule conditions and functions.
//
// Errors (RuleError) propagate as exceptions; only `&&`, `||` and the allow statement itself
// absorb them, following the documented error semantics: an error on one side of `&&` is
// absorbed when the other side is false, of `||` when the other side is true; `!`, `?:` and
// everything else pass the error on; an allow whose condition errors does not grant.
import type { Expr, FunctionDecl } from "./ast.js";
import { RuleError, check } from "./errors.js";
import type { MethodTable } from "./methods/args.js";
import { conversions } from "./methods/convert.js";
import { hashingNamespace } from "./methods/hashing.js";
import { callMethod } from "./methods/index.js";
import { latLngNamespace } from "./methods/latlng.js";
import { listSlice } from "./methods/list.js";
import { mathNamespace } from "./methods/math.js";
import { segmentText } from "./methods/path.js";
import { stringSlice } from "./methods/string.js";
import { durationNamespace, timestampNamespace } from "./methods/time.js";
import { binary, index, member } from "./operators.js";
import {
  DurationValue,
  MapValue,
  PathValue,
  checkInt,
  isType,
  typeName,
  type Binding,
  type Value,
} from "./values.js";

/** Variables visible to an expression: wildcards, function parameters and let bindings. */
export interface Scope {
  readonly vars: ReadonlyMap<string, Value>;
  readonly parent: Scope | null;
}

/** Functions visible from a match block, innermost first; each remembers where it was declared. */
export interface FunctionTable {
  readonly fns: ReadonlyMap<string, FunctionDecl>;
  /** The wildcards in scope where these functions were declared. */
  readonly scope: Scope | null;
  readonly parent: FunctionTable | null;
}

export type DocumentCall = "get" | "exists" | "getAfter" | "existsAfter";

/** What an evaluation needs from the request being judged. */
export interface Host {
  /** `request`, `resource` and other service globals. */
  readonly globals: ReadonlyMap<string, Value>;
  /** Whether `get()`/`exists()` are global (Firestore) or under `firestore.` (Storage). */
  readonly documentsNamespaced: boolean;
  readDocument(call: DocumentCall, path: PathValue): Value;
}

/** The service's function call depth limit (rules reference, "Limits"). */
export const MAX_CALL_DEPTH = 20;
/**
 * The service evaluates at most 1,000 expressions per request. We count every evaluated node
 * except literals and plain names, which is our reading of "expression".
 */
export const MAX_EXPRESSIONS = 1000;

const NAMESPACES: Readonly<Record<string, MethodTable<null>>> = {
  math: mathNamespace,
  hashing: hashingNamespace,
  timestamp: timestampNamespace,
  duration: durationNamespace,
  latlng: latLngNamespace,
};

const DOCUMENT_CALLS: ReadonlySet<string> = new Set(["get", "exists", "getAfter", "existsAfter"]);

export class Evaluator {
  private readonly callStack: FunctionDecl[] = [];
  private expressions = 0;

  constructor(private readonly host: Host) {}

  /** Evaluates a condition; it must produce a bool. */
  condition(e: Expr, scope: Scope | null, fns: FunctionTable | null): boolean {
    return this.bool(this.eval(e, scope, fns), "a condition");
  }

  private bool(v: Value, what: string): boolean {
    if (typeof v !== "boolean") throw new RuleError(`${what} must be a bool, got ${typeName(v)}`);
    return v;
  }

  eval(e: Expr, scope: Scope | null, fns: FunctionTable | null): Value {
    if (e.kind === "literal") return e.value;
    if (e.kind === "ident") {
      const v = this.lookup(e.name, scope);
      if (v === undefined) throw new RuleError(`unknown variable ${e.name}`);
      return v;
    }
    if (++this.expressions > MAX_EXPRESSIONS) {
      throw new RuleError(`more than ${MAX_EXPRESSIONS} expressions evaluated in one request`);
    }
    switch (e.kind) {
      case "member":
        return member(this.eval(e.object, scope, fns), e.name);
      case "index":
        return index(this.eval(e.object, scope, fns), this.eval(e.index, scope, fns));
      case "slice": {
        const target = this.eval(e.object, scope, fns);
        const start = e.start ? this.sliceBound(this.eval(e.start, scope, fns)) : null;
        const end = e.end ? this.sliceBound(this.eval(e.end, scope, fns)) : null;
        if (typeof target === "string") return stringSlice(target, start, end);
        if (Array.isArray(target)) return listSlice(target, start, end);
        throw new RuleError(`cannot slice ${typeName(target)}`);
      }
      case "call":
        return this.call(e, scope, fns);
      case "unary": {
        const v = this.eval(e.operand, scope, fns);
        if (e.op === "!") return !this.bool(v, "the operand of !");
        if (typeof v === "bigint") return checkInt(-v);
        if (typeof v === "number") return -v;
        if (v instanceof DurationValue) return new DurationValue(-v.nanos);
        throw new RuleError(`cannot negate ${typeName(v)}`);
      }
      case "logical":
        return this.logical(e.op, e.left, e.right, scope, fns);
      case "ternary":
        return this.bool(this.eval(e.condition, scope, fns), "a ?: condition")
          ? this.eval(e.then, scope, fns)
          : this.eval(e.otherwise, scope, fns);
      case "is":
        return isType(this.eval(e.operand, scope, fns), e.typeName);
      case "binary":
        return binary(e.op, this.eval(e.left, scope, fns), this.eval(e.right, scope, fns));
      case "list":
        return e.items.map((item) => this.eval(item, scope, fns));
      case "map": {
        const m = new Map<string, Value>();
        for (const [k, v] of e.entries) {
          const key = this.eval(k, scope, fns);
          if (typeof key !== "string") throw new RuleError(`map keys must be strings, got ${typeName(key)}`);
          m.set(key, this.eval(v, scope, fns));
        }
        return new MapValue(m);
      }
      case "path":
        return this.path(e, scope, fns);
    }
  }

  private sliceBound(v: Value): bigint {
    if (typeof v !== "bigint") throw new RuleError(`slice bounds must be ints, got ${typeName(v)}`);
    return v;
  }

  private lookup(name: string, scope: Scope | null): Value | undefined {
    for (let s = scope; s; s = s.parent) {
      const v = s.vars.get(name);
      if (v !== undefined) return v;
    }
    return this.host.globals.get(name);
  }

  private logical(
    op: "&&" | "||",
    left: Expr,
    right: Expr,
    scope: Scope | null,
    fns: FunctionTable | null,
  ): boolean {
    // The value that decides the result: false for &&, true for ||.
    const decisive = op === "||";
    let leftError: RuleError | null = null;
    try {
      const l = this.bool(this.eval(left, scope, fns), `the left operand of ${op}`);
      if (l === decisive) return decisive;
    } catch (err) {
      if (!(err instanceof RuleError)) throw err;
      leftError = err;
    }
    const r = this.bool(this.eval(right, scope, fns), `the right operand of ${op}`);
    if (r === decisive) return decisive;
    if (leftError) throw leftError;
    return r;
  }

  private path(
    e: Extract<Expr, { kind: "path" }>,
    scope: Scope | null,
    fns: FunctionTable | null,
  ): PathValue {
    const segments: (string | Binding)[] = [];
    for (const seg of e.segments) {
      if (seg.kind === "text") {
        segments.push(seg.text);
        continue;
      }
      if (seg.expr.kind === "ident" && this.lookup(seg.expr.name, scope) === undefined) {
        // An unknown name is a placeholder for bind() after `$`, and literal text in
        // parentheses, which is how `/databases/(default)/documents` reads.
        segments.push(seg.dollar ? { binding: seg.expr.name } : `(${seg.expr.name})`);
        continue;
      }
      const v = this.eval(seg.expr, scope, fns);
      // A path value interpolates as several segments.
      if (v instanceof PathValue) segments.push(...v.segments);
      else segments.push(segmentText(v));
    }
    return new PathValue(segments);
  }

  private call(e: Extract<Expr, { kind: "call" }>, scope: Scope | null, fns: FunctionTable | null): Value {
    const callee = e.callee;
    if (callee.kind === "ident") {
      const name = callee.name;
      for (let t = fns; t; t = t.parent) {
        const decl = t.fns.get(name);
        if (decl) return this.callFunction(decl, t, this.evalArgs(e.args, scope, fns));
      }
      if (DOCUMENT_CALLS.has(name) && !this.host.documentsNamespaced)
        return this.documentCall(name, this.evalArgs(e.args, scope, fns));
      if (name === "debug") {
        const a = this.evalArgs(e.args, scope, fns);
        check(a.length === 1, "debug() takes 1 argument");
        return a[0] as Value;
      }
      if (Object.hasOwn(conversions, name))
        return (conversions[name] as MethodTable<null>[string])(null, this.evalArgs(e.args, scope, fns));
      throw new RuleError(`function ${name}() is not defined`);
    }
    if (
      callee.kind === "member" &&
      callee.object.kind === "ident" &&
      this.lookup(callee.object.name, scope) === undefined
    ) {
      const ns = callee.object.name;
      if (
        ns === "firestore" &&
        this.host.documentsNamespaced &&
        (callee.name === "get" || callee.name === "exists")
      ) {
        return this.documentCall(callee.name, this.evalArgs(e.args, scope, fns));
      }
      const table = NAMESPACES[ns];
      if (table && Object.hasOwn(table, callee.name))
        return (table[callee.name] as MethodTable<null>[string])(null, this.evalArgs(e.args, scope, fns));
      if (table || ns === "firestore") throw new RuleError(`function ${ns}.${callee.name}() is not defined`);
    }
    if (callee.kind === "member")
      return callMethod(this.eval(callee.object, scope, fns), callee.name, this.evalArgs(e.args, scope, fns));
    throw new RuleError("only functions and methods can be called");
  }

  private evalArgs(exprs: readonly Expr[], scope: Scope | null, fns: FunctionTable | null): Value[] {
    const out: Value[] = new Array(exprs.length);
    for (let i = 0; i < exprs.length; i++) out[i] = this.eval(exprs[i] as Expr, scope, fns);
    return out;
  }

  private documentCall(name: string, args: Value[]): Value {
    check(args.length === 1, `${name}() takes 1 argument`);
    const p = args[0];
    if (!(p instanceof PathValue))
      throw new RuleError(`${name}() expects a path, got ${typeName(p ?? null)}`);
    return this.host.readDocument(name as DocumentCall, p);
  }

  private callFunction(decl: FunctionDecl, table: FunctionTable, args: Value[]): Value {
    if (args.length !== decl.params.length) {
      throw new RuleError(`${decl.name}() takes ${decl.params.length} argument(s), got ${args.length}`);
    }
    if (this.callStack.includes(decl)) throw new RuleError(`recursive call to ${decl.name}() is not allowed`);
    if (this.callStack.length >= MAX_CALL_DEPTH) throw new RuleError(`call depth exceeds ${MAX_CALL_DEPTH}`);
    const vars = new Map<string, Value>();
    decl.params.forEach((p, i) => vars.set(p, args[i] as Value));
    const scope: Scope = { vars, parent: table.scope };
    this.callStack.push(decl);
    try {
      for (const l of decl.lets) vars.set(l.name, this.eval(l.value, scope, table));
      return this.eval(decl.body, scope, table);
    } finally {
      this.callStack.pop();
    }
  }
}
