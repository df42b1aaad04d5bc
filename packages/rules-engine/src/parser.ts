// Recursive-descent parser for rules files. Hand-written rather than generated: match patterns
// and path literals switch the lexer into raw character mode mid-expression, which a generated
// grammar would have to model as a scannerless grammar, and errors here can name the construct
// being parsed with its exact line and column.
import type {
  AllowStmt,
  Expr,
  FunctionDecl,
  MatchBlock,
  Method,
  PatternSegment,
  RulesFile,
  ServiceDecl,
  ServiceName,
} from "./ast.js";
import { ExpressionParser } from "./expression-parser.js";
import { isPathChar } from "./lexer.js";
import { describe } from "./token-stream.js";

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

/** Parses a rules file into its syntax tree; throws RulesSyntaxError. */
export function parse(source: string): RulesFile {
  return new Parser(source).parseFile();
}

class Parser extends ExpressionParser {
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
}
