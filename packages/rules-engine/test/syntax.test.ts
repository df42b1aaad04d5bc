import { describe, expect, it } from "vitest";
import { RulesSyntaxError, parseRules } from "../src/index.js";
import { DOCS, firestoreRules } from "./helpers.js";

function syntaxError(source: string): RulesSyntaxError {
  try {
    parseRules(source);
  } catch (e) {
    if (e instanceof RulesSyntaxError) return e;
    throw e;
  }
  throw new Error("expected a syntax error");
}

describe("syntax — https://firebase.google.com/docs/rules/rules-language", () => {
  it("parses comments of both kinds anywhere", () => {
    const rules = parseRules(`// leading
rules_version = '2'; /* block
comment */
service cloud.firestore {
  match /databases/{database}/documents { // trailing
    match /t/{id} { allow get: if /* inline */ true; }
  }
}`);
    expect(rules.evaluate({ path: `${DOCS}/t/x`, method: "get", auth: null }).allowed).toBe(true);
  });

  it("accepts an allow without a condition as always granting", () => {
    const rules = parseRules(firestoreRules("match /t/{id} { allow get; }"));
    expect(rules.evaluate({ path: `${DOCS}/t/x`, method: "get", auth: null }).allowed).toBe(true);
  });

  it("accepts trailing commas in list and map literals", () => {
    const rules = parseRules(
      firestoreRules("match /t/{id} { allow get: if [1, 2,].size() == 2 && {'a': 1,}.a == 1; }"),
    );
    expect(rules.evaluate({ path: `${DOCS}/t/x`, method: "get", auth: null }).allowed).toBe(true);
  });

  it.each([
    ["a stray character", firestoreRules("match /t/{id} { allow get: if #; }"), 4, 31],
    ["an unknown method", firestoreRules("match /t/{id} { allow reed: if true; }"), 4, 23],
    ["a missing 'if'", firestoreRules("match /t/{id} { allow get: true; }"), 4, 28],
    ["an unknown service", "service cloud.firestorm { }", 1, 1],
    ["an unterminated string", firestoreRules("match /t/{id} { allow get: if 'abc; }"), 4, 31],
    ["an unknown type name", firestoreRules("match /t/{id} { allow get: if 1 is integer; }"), 4, 36],
    ["a missing closing brace", "service cloud.firestore { match /a/{b} { allow get; }", 1, 54],
    ["an unsupported rules_version", "rules_version = '3'; service cloud.firestore {}", 1, 17],
    ["a match path without a leading slash", "service cloud.firestore { match a/b { } }", 1, 33],
    ["an unclosed wildcard", "service cloud.firestore { match /a/{b { } }", 1, 38],
    ["an allow outside a match", "service cloud.firestore { allow read; }", 1, 27],
    ["an empty file", "", 1, 1],
    [
      "an integer literal beyond 64 bits",
      firestoreRules("match /t/{id} { allow get: if 9223372036854775808 > 0; }"),
      4,
      31,
    ],
    ["a function without return", "service cloud.firestore { function f() { true } }", 1, 42],
    ["an unterminated block comment", "service cloud.firestore { /* }", 1, 27],
    ["a bad escape", firestoreRules("match /t/{id} { allow get: if '\\q' == 'q'; }"), 4, 32],
  ])("reports %s with its line and column", (_what, source, line, column) => {
    const err = syntaxError(source);
    expect(err).toBeInstanceOf(RulesSyntaxError);
    expect({ line: err.line, column: err.column }).toEqual({ line, column });
  });

  it("names the problem in the message", () => {
    expect(syntaxError(firestoreRules("match /t/{id} { allow reed: if true; }")).message).toMatch(/method/);
  });
});
