// Recursive-descent parser for rules files. Hand-written rather than generated: match patterns
// and path literals switch the lexer into raw character mode mid-expression, which a generated
// grammar would have to model as a scannerless grammar, and errors here can name the construct
// being parsed with its exact line and column.
import type {
  AllowStmt,
  BinaryOp,
  Expr,
  FunctionDecl,
  MatchBlock,
  Method,
  PathLiteralSegment,
  PatternSegment,
  Pos,
  RulesFile,
  ServiceDecl,
  ServiceName,
} from "./ast.js";
import { RulesSyntaxError } from "./errors.js";
import { Lexer, isPathChar, isPathLiteralChar, type Token } from "./lexer.js";
import { TYPE_NAMES } from "./values.js";

const METHOD_GROUPS: Record<string, Method[]> = {
  read: ["get", "list"],
  write: ["create", "update", "delete"],
  get: ["get"],
  list: ["list"],
  create: ["create"],
  update: ["update"],
  delete: ["delete"],
};

const SERVICES: readonly string[] = ["cloud.firestore", "firebase.storage"];
const RESERVED = new Set([
  "true",
  "false",
  "null",
  "if",
  "in",
  "is",
  "let",
  "return",
  "function",
  "match",
  "allow",
]);

/** Parses a rules file into its syntax tree; throws RulesSyntaxError. */
export function parse(source: string): RulesFile {
  return new Parser(source).parseFile();
}

class Parser {
  private readonly lx: Lexer;
  private tok: Token;

  constructor(source: string) {
    this.lx = new Lexer(source);
    this.tok = this.lx.next();
  }

  private advance(): Token {
    const t = this.tok;
    this.tok = this.lx.next();
    return t;
  }

  private is(text: string): boolean {
    return (this.tok.type === "punct" || this.tok.type === "ident") && this.tok.text === text;
  }

  private expect(text: string, what = `'${text}'`): Token {
    if (!this.is(text)) this.syntax(`expected ${what} but found ${describe(this.tok)}`);
    return this.advance();
  }

  private syntax(message: string, at: Pos = this.tok): never {
    throw new RulesSyntaxError(message, at.line, at.column);
  }

  private ident(what: string): Token {
    if (this.tok.type !== "ident" || RESERVED.has(this.tok.text)) {
      this.syntax(`expected ${what} but found ${describe(this.tok)}`);
    }
    return this.advance();
  }

  parseFile(): RulesFile {
    let version: "1" | "2" = "1";
    if (this.is("rules_version")) {
      this.advance();
      this.expect("=");
      const v = this.tok;
      if (v.type !== "string" || (v.text !== "1" && v.text !== "2")) {
        this.syntax("rules_version must be '1' or '2'");
      }
      this.advance();
      version = v.text as "1" | "2";
      if (this.is(";")) this.advance();
    }
    const services: ServiceDecl[] = [];
    while (this.tok.type !== "eof") services.push(this.service());
    if (services.length === 0) this.syntax("expected a service declaration");
    return { version, services };
  }

  private service(): ServiceDecl {
    const start = this.expect("service", "'service'");
    let name = this.ident("a service name").text;
    while (this.is(".")) {
      this.advance();
      name += "." + this.ident("a service name").text;
    }
    if (!SERVICES.includes(name)) this.syntax(`unknown service '${name}'`, start);
    this.expect("{");
    const functions: FunctionDecl[] = [];
    const matches: MatchBlock[] = [];
    while (!this.is("}")) {
      if (this.is("match")) matches.push(this.match());
      else if (this.is("function")) functions.push(this.function());
      else this.syntax(`expected 'match' or 'function' but found ${describe(this.tok)}`);
    }
    this.advance();
    return { name: name as ServiceName, functions, matches, line: start.line, column: start.column };
  }

  private match(): MatchBlock {
    const start = this.tok; // the `match` keyword; the lexer sits just after it
    const { pattern, source } = this.matchPattern();
    this.tok = this.lx.next();
    this.expect("{");
    const block: MatchBlock = {
      pattern,
      source,
      functions: [],
      allows: [],
      matches: [],
      line: start.line,
      column: start.column,
    };
    while (!this.is("}")) {
      if (this.is("match")) block.matches.push(this.match());
      else if (this.is("allow")) block.allows.push(this.allow());
      else if (this.is("function")) block.functions.push(this.function());
      else this.syntax(`expected 'match', 'allow' or 'function' but found ${describe(this.tok)}`);
    }
    this.advance();
    return block;
  }

  /** Scans `/seg/{var}/{rest=**}` in raw mode, right after the `match` keyword. */
  private matchPattern(): { pattern: PatternSegment[]; source: string } {
    const lx = this.lx;
    lx.skipTrivia();
    const begin = lx.pos;
    const pattern: PatternSegment[] = [];
    if (lx.peekChar() !== "/") this.syntax("a match path must start with '/'", lx.locate(lx.pos));
    while (lx.peekChar() === "/") {
      lx.pos++;
      const segStart = lx.pos;
      if (lx.peekChar() === "{") {
        lx.pos++;
        while (/[A-Za-z0-9_]/.test(lx.peekChar())) lx.pos++;
        const text = this.sliceSource(segStart + 1, lx.pos);
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(text))
          this.syntax("expected a wildcard name", lx.locate(segStart));
        if (lx.peekChar() === "=" && lx.peekChar(1) === "*" && lx.peekChar(2) === "*") {
          lx.pos += 3;
          pattern.push({ kind: "recursive", name: text });
        } else {
          pattern.push({ kind: "wildcard", name: text });
        }
        if (lx.peekChar() !== "}") this.syntax("expected '}' closing the wildcard", lx.locate(lx.pos));
        lx.pos++;
      } else {
        while (isPathChar(lx.peekChar())) lx.pos++;
        if (lx.pos === segStart) this.syntax("empty path segment in match", lx.locate(segStart));
        pattern.push({ kind: "literal", text: this.sliceSource(segStart, lx.pos) });
      }
    }
    return { pattern, source: this.sliceSource(begin, lx.pos) };
  }

  private sliceSource(from: number, to: number): string {
    return this.lx.slice(from, to);
  }

  private allow(): AllowStmt {
    const start = this.advance();
    const written: string[] = [];
    const methods = new Set<Method>();
    for (;;) {
      const m = this.tok;
      const group = m.type === "ident" ? METHOD_GROUPS[m.text] : undefined;
      if (!group)
        this.syntax(
          `expected a method (read, write, get, list, create, update, delete) but found ${describe(m)}`,
        );
      this.advance();
      written.push(m.text);
      for (const g of group) methods.add(g);
      if (!this.is(",")) break;
      this.advance();
    }
    let condition: Expr | null = null;
    if (this.is(":")) {
      this.advance();
      this.expect("if", "'if'");
      condition = this.expr();
    }
    if (this.is(";")) this.advance();
    else if (!this.is("}") && !this.is("allow") && !this.is("match") && !this.is("function")) {
      this.syntax(`expected ';' but found ${describe(this.tok)}`);
    }
    return { written, methods, condition, line: start.line, column: start.column };
  }

  private function(): FunctionDecl {
    const start = this.advance();
    const name = this.ident("a function name").text;
    this.expect("(");
    const params: string[] = [];
    while (!this.is(")")) {
      params.push(this.ident("a parameter name").text);
      if (!this.is(",")) break;
      this.advance();
    }
    this.expect(")");
    this.expect("{");
    const lets: FunctionDecl["lets"] = [];
    while (this.is("let")) {
      this.advance();
      const letName = this.ident("a variable name").text;
      this.expect("=");
      lets.push({ name: letName, value: this.expr() });
      this.expect(";");
    }
    this.expect("return", "'return'");
    const body = this.expr();
    if (this.is(";")) this.advance();
    this.expect("}");
    return { name, params, lets, body, line: start.line, column: start.column };
  }

  // ---- expressions, lowest precedence first ----

  expr(): Expr {
    const condition = this.or();
    if (!this.is("?")) return condition;
    this.advance();
    const then = this.expr();
    this.expect(":");
    const otherwise = this.expr();
    return { kind: "ternary", condition, then, otherwise, line: condition.line, column: condition.column };
  }

  private or(): Expr {
    let left = this.and();
    while (this.is("||")) {
      this.advance();
      left = { kind: "logical", op: "||", left, right: this.and(), line: left.line, column: left.column };
    }
    return left;
  }

  private and(): Expr {
    let left = this.equality();
    while (this.is("&&")) {
      this.advance();
      left = {
        kind: "logical",
        op: "&&",
        left,
        right: this.equality(),
        line: left.line,
        column: left.column,
      };
    }
    return left;
  }

  private equality(): Expr {
    let left = this.relational();
    while (this.is("==") || this.is("!=")) {
      const op = this.advance().text as BinaryOp;
      left = { kind: "binary", op, left, right: this.relational(), line: left.line, column: left.column };
    }
    return left;
  }

  private relational(): Expr {
    let left = this.additive();
    for (;;) {
      if (this.is("<") || this.is("<=") || this.is(">") || this.is(">=") || this.is("in")) {
        const op = this.advance().text as BinaryOp;
        left = { kind: "binary", op, left, right: this.additive(), line: left.line, column: left.column };
      } else if (this.is("is")) {
        this.advance();
        const t = this.tok;
        if (t.type !== "ident" || !TYPE_NAMES.has(t.text)) this.syntax(`unknown type name ${describe(t)}`);
        this.advance();
        left = { kind: "is", operand: left, typeName: t.text, line: left.line, column: left.column };
      } else {
        return left;
      }
    }
  }

  private additive(): Expr {
    let left = this.multiplicative();
    while (this.is("+") || this.is("-")) {
      const op = this.advance().text as BinaryOp;
      left = { kind: "binary", op, left, right: this.multiplicative(), line: left.line, column: left.column };
    }
    return left;
  }

  private multiplicative(): Expr {
    let left = this.unary();
    while (this.is("*") || this.is("/") || this.is("%")) {
      const op = this.advance().text as BinaryOp;
      left = { kind: "binary", op, left, right: this.unary(), line: left.line, column: left.column };
    }
    return left;
  }

  private unary(): Expr {
    if (this.is("!") || this.is("-")) {
      const opTok = this.advance();
      // Fold `-<int literal>` so the most negative int64 is expressible.
      if (opTok.text === "-" && this.tok.type === "int") {
        const lit = this.advance();
        return this.postfix(this.intLiteral(`-${lit.text}`, opTok));
      }
      const operand = this.unary();
      return { kind: "unary", op: opTok.text as "!" | "-", operand, line: opTok.line, column: opTok.column };
    }
    return this.postfix(this.primary());
  }

  private intLiteral(text: string, at: Pos): Expr {
    const value = BigInt(text);
    if (value > 0x7fffffffffffffffn || value < -0x8000000000000000n)
      this.syntax("integer literal out of range", at);
    return { kind: "literal", value, line: at.line, column: at.column };
  }

  private postfix(base: Expr): Expr {
    let e = base;
    for (;;) {
      if (this.is(".")) {
        this.advance();
        const name = this.tok;
        if (name.type !== "ident") this.syntax(`expected a field name but found ${describe(name)}`);
        this.advance();
        e = { kind: "member", object: e, name: name.text, line: name.line, column: name.column };
      } else if (this.is("[")) {
        const open = this.advance();
        let start: Expr | null = null;
        if (!this.is(":")) start = this.expr();
        if (this.is(":")) {
          this.advance();
          const end = this.is("]") ? null : this.expr();
          this.expect("]");
          e = { kind: "slice", object: e, start, end, line: open.line, column: open.column };
        } else {
          this.expect("]");
          e = { kind: "index", object: e, index: start as Expr, line: open.line, column: open.column };
        }
      } else if (this.is("(")) {
        const open = this.advance();
        const args: Expr[] = [];
        while (!this.is(")")) {
          args.push(this.expr());
          if (!this.is(",")) break;
          this.advance();
        }
        this.expect(")");
        e = { kind: "call", callee: e, args, line: open.line, column: open.column };
      } else {
        return e;
      }
    }
  }

  private primary(): Expr {
    const t = this.tok;
    const at = { line: t.line, column: t.column };
    switch (t.type) {
      case "int":
        this.advance();
        return this.intLiteral(t.text, t);
      case "float":
        this.advance();
        return { kind: "literal", value: Number(t.text), ...at };
      case "string":
        this.advance();
        return { kind: "literal", value: t.text, ...at };
      case "bytes":
        this.advance();
        return { kind: "literal", value: t.bytes as Uint8Array, ...at };
      case "ident":
        this.advance();
        if (t.text === "true") return { kind: "literal", value: true, ...at };
        if (t.text === "false") return { kind: "literal", value: false, ...at };
        if (t.text === "null") return { kind: "literal", value: null, ...at };
        if (RESERVED.has(t.text)) this.syntax(`unexpected keyword '${t.text}'`, t);
        return { kind: "ident", name: t.text, ...at };
      case "punct":
        break;
      case "eof":
        this.syntax("unexpected end of input");
    }
    if (t.text === "(") {
      this.advance();
      const inner = this.expr();
      this.expect(")");
      return inner;
    }
    if (t.text === "[") {
      this.advance();
      const items: Expr[] = [];
      while (!this.is("]")) {
        items.push(this.expr());
        if (!this.is(",")) break;
        this.advance();
      }
      this.expect("]");
      return { kind: "list", items, ...at };
    }
    if (t.text === "{") {
      this.advance();
      const entries: [Expr, Expr][] = [];
      while (!this.is("}")) {
        const key = this.expr();
        this.expect(":");
        entries.push([key, this.expr()]);
        if (!this.is(",")) break;
        this.advance();
      }
      this.expect("}");
      return { kind: "map", entries, ...at };
    }
    if (t.text === "/") return this.pathLiteral(t);
    this.syntax(`unexpected ${describe(t)}`);
  }

  /** `/a/$(x)/(y)/b`: the current token is the leading `/`; the lexer sits just after it. */
  private pathLiteral(start: Token): Expr {
    const lx = this.lx;
    const segments: PathLiteralSegment[] = [];
    for (;;) {
      const dollar = lx.peekChar() === "$" && lx.peekChar(1) === "(";
      if (dollar || lx.peekChar() === "(") {
        lx.pos += dollar ? 2 : 1;
        this.advance();
        const expr = this.expr();
        if (!this.is(")"))
          this.syntax(`expected ')' closing the path segment but found ${describe(this.tok)}`);
        segments.push({ kind: "expr", expr, dollar });
      } else {
        const text = lx.scanPathText();
        if (!text) this.syntax("empty path segment", lx.locate(lx.pos));
        segments.push({ kind: "text", text });
      }
      const next = lx.peekChar(1);
      if (lx.peekChar() === "/" && next !== "" && (isPathLiteralChar(next) || next === "$" || next === "(")) {
        lx.pos++;
      } else {
        break;
      }
    }
    this.tok = lx.next();
    return { kind: "path", segments, line: start.line, column: start.column };
  }
}

function describe(t: Token): string {
  if (t.type === "eof") return "end of input";
  if (t.type === "string") return `string "${t.text}"`;
  return `'${t.text}'`;
}
