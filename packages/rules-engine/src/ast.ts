// Syntax tree of a rules file. Positions are 1-based and point at the first character of a node.
import type { Value } from "./values.js";

export interface Pos {
  line: number;
  column: number;
}

export type BinaryOp = "+" | "-" | "*" | "/" | "%" | "==" | "!=" | "<" | "<=" | ">" | ">=" | "in";

/** One segment of a path literal: fixed text, or an interpolated `$(expr)` / `(expr)`. */
export type PathLiteralSegment =
  { kind: "text"; text: string } | { kind: "expr"; expr: Expr; dollar: boolean };

export type Expr = Pos &
  (
    | { kind: "literal"; value: Value }
    | { kind: "ident"; name: string }
    | { kind: "member"; object: Expr; name: string }
    | { kind: "index"; object: Expr; index: Expr }
    | { kind: "slice"; object: Expr; start: Expr | null; end: Expr | null }
    | { kind: "call"; callee: Expr; args: Expr[] }
    | { kind: "unary"; op: "!" | "-"; operand: Expr }
    | { kind: "binary"; op: BinaryOp; left: Expr; right: Expr }
    | { kind: "logical"; op: "&&" | "||"; left: Expr; right: Expr }
    | { kind: "ternary"; condition: Expr; then: Expr; otherwise: Expr }
    | { kind: "is"; operand: Expr; typeName: string }
    | { kind: "list"; items: Expr[] }
    | { kind: "map"; entries: [Expr, Expr][] }
    | { kind: "path"; segments: PathLiteralSegment[] }
  );

export interface FunctionDecl extends Pos {
  name: string;
  params: string[];
  lets: { name: string; value: Expr }[];
  body: Expr;
}

/** The request methods a rule can name; `read` and `write` are groupings of these. */
export type Method = "get" | "list" | "create" | "update" | "delete";

export interface AllowStmt extends Pos {
  /** Methods as written (`read`, `write`, `get`, ...), for coverage reports. */
  written: string[];
  /** The concrete methods this statement covers. */
  methods: ReadonlySet<Method>;
  /** `null` for a bare `allow read;`, which always grants. */
  condition: Expr | null;
}

export type PatternSegment =
  | { kind: "literal"; text: string }
  | { kind: "wildcard"; name: string }
  | { kind: "recursive"; name: string };

export interface MatchBlock extends Pos {
  pattern: PatternSegment[];
  /** Pattern text as written, e.g. `/users/{userId}`. */
  source: string;
  functions: FunctionDecl[];
  allows: AllowStmt[];
  matches: MatchBlock[];
}

export type ServiceName = "cloud.firestore" | "firebase.storage";

export interface ServiceDecl extends Pos {
  name: ServiceName;
  functions: FunctionDecl[];
  matches: MatchBlock[];
}

export interface RulesFile {
  /** `rules_version`; "1" when absent, which changes what `{name=**}` matches. */
  version: "1" | "2";
  services: ServiceDecl[];
}
