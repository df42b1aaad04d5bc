// Expressions, lowest precedence first: ?:, ||, &&, == !=, < <= > >= in is, + -, * / %,
// unary ! -, then member access, indexing, slicing and calls.
import type { BinaryOp, Expr, PathLiteralSegment, Pos } from "./ast.js";
import { isPathLiteralChar, type Token } from "./lexer.js";
import { RESERVED, TokenStream, describe } from "./token-stream.js";
import { TYPE_NAMES } from "./values.js";

export class ExpressionParser extends TokenStream {
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
