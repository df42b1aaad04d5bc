// Tokenizer for the rules language. It is pull-based (one token at a time) because match
// patterns and path literals are not token sequences: the parser switches the lexer into a
// raw character mode for them (Parser.matchPattern, Lexer.scanPathText).
import { RulesSyntaxError } from "./errors.js";

export type TokenType = "ident" | "int" | "float" | "string" | "bytes" | "punct" | "eof";

export interface Token {
  type: TokenType;
  /** Identifier name, punctuation text, or decoded literal text. */
  text: string;
  bytes?: Uint8Array;
  line: number;
  column: number;
  /** Offset just past the token, where raw scanning resumes. */
  end: number;
}

const PUNCTUATION = [
  "==",
  "!=",
  "<=",
  ">=",
  "&&",
  "||",
  "{",
  "}",
  "(",
  ")",
  "[",
  "]",
  ",",
  ";",
  ":",
  ".",
  "?",
  "!",
  "=",
  "<",
  ">",
  "+",
  "-",
  "*",
  "/",
  "%",
];

const isIdentStart = (c: string) => /[A-Za-z_]/.test(c);
const isIdentPart = (c: string) => /[A-Za-z0-9_]/.test(c);
const isDigit = (c: string) => c >= "0" && c <= "9";
/** Characters allowed in a literal segment of a match pattern. */
export const isPathChar = (c: string) => /[A-Za-z0-9_\-.~%@+:()!$&'*,;=]/.test(c);
/**
 * Characters of literal text in a path expression; narrower than in patterns because the
 * literal ends where the surrounding expression resumes (`/a/b)`, `/a/b;`, `/a/b==x`).
 */
export const isPathLiteralChar = (c: string) => /[A-Za-z0-9_\-.~%@+:]/.test(c);

export class Lexer {
  pos = 0;
  private line = 1;
  private lineStart = 0;

  constructor(private readonly src: string) {}

  error(message: string, offset = this.pos): never {
    const { line, column } = this.locate(offset);
    throw new RulesSyntaxError(message, line, column);
  }

  /** Line and column of an offset; only called for errors and token starts. */
  locate(offset: number): { line: number; column: number } {
    // Offsets only move forward during a scan, so track incrementally when possible.
    if (offset >= this.lineStart) {
      for (let i = this.lineStart; i < offset; i++) {
        if (this.src[i] === "\n") {
          this.line++;
          this.lineStart = i + 1;
        }
      }
      return { line: this.line, column: offset - this.lineStart + 1 };
    }
    const before = this.src.slice(0, offset);
    const line = before.split("\n").length;
    return { line, column: offset - before.lastIndexOf("\n") };
  }

  slice(from: number, to: number): string {
    return this.src.slice(from, to);
  }

  peekChar(ahead = 0): string {
    return this.src[this.pos + ahead] ?? "";
  }

  skipTrivia(): void {
    for (;;) {
      const c = this.peekChar();
      if (c === " " || c === "\t" || c === "\n" || c === "\r") {
        this.pos++;
      } else if (c === "/" && this.peekChar(1) === "/") {
        while (this.pos < this.src.length && this.src[this.pos] !== "\n") this.pos++;
      } else if (c === "/" && this.peekChar(1) === "*") {
        const close = this.src.indexOf("*/", this.pos + 2);
        if (close < 0) this.error("unterminated block comment");
        this.pos = close + 2;
      } else {
        return;
      }
    }
  }

  next(): Token {
    this.skipTrivia();
    const start = this.pos;
    const { line, column } = this.locate(start);
    const tok = (type: TokenType, text: string, extra?: Partial<Token>): Token => ({
      type,
      text,
      line,
      column,
      end: this.pos,
      ...extra,
    });
    if (start >= this.src.length) return tok("eof", "");
    const c = this.src[start] as string;

    if ((c === "b" || c === "r") && (this.peekChar(1) === '"' || this.peekChar(1) === "'")) {
      this.pos++;
      if (c === "r") return tok("string", this.readString(true));
      const text = this.readString(false, true);
      return tok("bytes", text, { bytes: latin1Bytes(text), end: this.pos });
    }
    if (isIdentStart(c)) {
      while (isIdentPart(this.peekChar())) this.pos++;
      return tok("ident", this.src.slice(start, this.pos));
    }
    if (isDigit(c) || (c === "." && isDigit(this.peekChar(1)))) return this.readNumber(line, column);
    if (c === '"' || c === "'") return tok("string", this.readString(false));
    for (const p of PUNCTUATION) {
      if (this.src.startsWith(p, start)) {
        this.pos += p.length;
        return tok("punct", p);
      }
    }
    this.error(`unexpected character '${c}'`);
  }

  private readNumber(line: number, column: number): Token {
    const start = this.pos;
    let isFloat = false;
    while (isDigit(this.peekChar())) this.pos++;
    if (this.peekChar() === "." && isDigit(this.peekChar(1))) {
      isFloat = true;
      this.pos++;
      while (isDigit(this.peekChar())) this.pos++;
    }
    if (this.peekChar() === "e" || this.peekChar() === "E") {
      const sign = this.peekChar(1) === "+" || this.peekChar(1) === "-" ? 1 : 0;
      if (isDigit(this.peekChar(1 + sign))) {
        isFloat = true;
        this.pos += 1 + sign;
        while (isDigit(this.peekChar())) this.pos++;
      }
    }
    const text = this.src.slice(start, this.pos);
    return { type: isFloat ? "float" : "int", text, line, column, end: this.pos };
  }

  /** Reads a quoted literal at `pos`; `bytesMode` keeps \x escapes as raw byte values. */
  private readString(raw: boolean, bytesMode = false): string {
    const quote = this.src[this.pos];
    const start = this.pos;
    this.pos++;
    let out = "";
    for (;;) {
      const c = this.src[this.pos];
      if (c === undefined || c === "\n") this.error("unterminated string literal", start);
      this.pos++;
      if (c === quote) return out;
      if (c !== "\\" || raw) {
        out += bytesMode ? utf8Latin1(c) : c;
        continue;
      }
      const e = this.src[this.pos++];
      switch (e) {
        case "n":
          out += "\n";
          break;
        case "t":
          out += "\t";
          break;
        case "r":
          out += "\r";
          break;
        case "b":
          out += "\b";
          break;
        case "f":
          out += "\f";
          break;
        case "v":
          out += "\v";
          break;
        case "a":
          out += "\x07";
          break;
        case "0":
        case "1":
        case "2":
        case "3": {
          // Three-place octal (`\052`); a lone `\0` is NUL.
          const oct = this.src.slice(this.pos - 1, this.pos + 2);
          if (/^[0-3][0-7]{2}$/.test(oct)) {
            this.pos += 2;
            out += String.fromCharCode(parseInt(oct, 8));
          } else if (e === "0") {
            out += "\0";
          } else {
            this.error("malformed octal escape", this.pos - 2);
          }
          break;
        }
        case "x":
          out += String.fromCharCode(this.readHex(2));
          break;
        case "u": {
          const cp = this.readHex(4);
          out += bytesMode ? utf8Latin1(String.fromCharCode(cp)) : String.fromCharCode(cp);
          break;
        }
        case "U": {
          const cp = this.readHex(8);
          out += bytesMode ? utf8Latin1(String.fromCodePoint(cp)) : String.fromCodePoint(cp);
          break;
        }
        case "\\":
        case "'":
        case '"':
        case "`":
        case "?":
          out += e;
          break;
        default:
          this.error(`unknown escape sequence '\\${e ?? ""}'`, this.pos - 2);
      }
    }
  }

  private readHex(digits: number): number {
    const hex = this.src.slice(this.pos, this.pos + digits);
    if (!new RegExp(`^[0-9A-Fa-f]{${digits}}$`).test(hex)) this.error("malformed escape sequence");
    this.pos += digits;
    return parseInt(hex, 16);
  }

  /** Reads literal path-segment text at `pos` (may be empty). */
  scanPathText(): string {
    const start = this.pos;
    while (this.pos < this.src.length && isPathLiteralChar(this.src[this.pos] as string)) this.pos++;
    return this.src.slice(start, this.pos);
  }
}

/** Encodes one UTF-16 character as UTF-8 bytes held in a latin1 string (bytes literals). */
function utf8Latin1(c: string): string {
  return String.fromCharCode(...new TextEncoder().encode(c));
}

function latin1Bytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}
