// Token-level helpers shared by the declaration and expression parsers.
import type { Pos } from "./ast.js";
import { RulesSyntaxError } from "./errors.js";
import { Lexer, type Token } from "./lexer.js";

export const RESERVED = new Set([
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

export class TokenStream {
  protected readonly lx: Lexer;
  protected tok: Token;

  constructor(source: string) {
    this.lx = new Lexer(source);
    this.tok = this.lx.next();
  }

  protected advance(): Token {
    const t = this.tok;
    this.tok = this.lx.next();
    return t;
  }

  protected is(text: string): boolean {
    return (this.tok.type === "punct" || this.tok.type === "ident") && this.tok.text === text;
  }

  protected expect(text: string, what = `'${text}'`): Token {
    if (!this.is(text)) this.syntax(`expected ${what} but found ${describe(this.tok)}`);
    return this.advance();
  }

  protected syntax(message: string, at: Pos = this.tok): never {
    throw new RulesSyntaxError(message, at.line, at.column);
  }

  protected ident(what: string): Token {
    if (this.tok.type !== "ident" || RESERVED.has(this.tok.text)) {
      this.syntax(`expected ${what} but found ${describe(this.tok)}`);
    }
    return this.advance();
  }
}

export function describe(t: Token): string {
  if (t.type === "eof") return "end of input";
  if (t.type === "string") return `string "${t.text}"`;
  return `'${t.text}'`;
}
