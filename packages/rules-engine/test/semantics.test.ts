import { describe, expect, it } from "vitest";
import { parseRules } from "../src/index.js";
import { DOCS, decisionOutcome, firestoreRules, outcome, type Outcome } from "./helpers.js";

type Row = [expr: string, expected: Outcome];

const check = (rows: Row[], req = {}) =>
  it.each(rows)("%s → %s", (expr, expected) => {
    expect(outcome(expr, req)).toBe(expected);
  });

// An expression that raises an error: a field missing from a map.
const ERR = "{}.missing";

describe("error semantics — https://firebase.google.com/docs/rules/rules-language (Error handling)", () => {
  check([
    [`${ERR} && true`, "error"],
    [`${ERR} && false`, false],
    [`false && ${ERR}`, false],
    [`true && ${ERR}`, "error"],
    [`${ERR} || true`, true],
    [`true || ${ERR}`, true],
    [`${ERR} || false`, "error"],
    [`false || ${ERR}`, "error"],
    [`!${ERR}`, "error"],
    [`!(${ERR})`, "error"],
    [`${ERR} ? true : false`, "error"],
    [`true ? ${ERR} : true`, "error"],
    [`false ? ${ERR} : true`, true],
    [`(${ERR} == 1) || true`, true],
    [`${ERR} == ${ERR}`, "error"],
    [`${ERR} && ${ERR}`, "error"],
    ["1 && true", "error"], // && and || take bools only
    ["true || 'yes'", true],
    ["false || 'yes'", "error"],
    ["!1", "error"],
    ["1 ? true : false", "error"],
    ["'not a bool'", "error"], // a condition must be a bool
    ["null", "error"],
    ["undefinedName == 1", "error"],
  ]);
});

describe("operators — https://firebase.google.com/docs/rules/rules-language (Operators)", () => {
  check([
    ["1 + 2 * 3 == 7", true], // * binds tighter than +
    ["(1 + 2) * 3 == 9", true],
    ["10 - 4 - 3 == 3", true], // left associative
    ["1 < 2 == true", true], // relational binds tighter than equality
    ["true || false && false", true], // && binds tighter than ||
    ["!false && true", true],
    ["-2 * -2 == 4", true],
    ["true ? 1 : 2 == 1", "error"], // ?: binds loosest: true ? 1 : (2 == 1) is the int 1
    ["false ? 1 : true ? 2 : 3", "error"],
    ["(false ? 1 : true ? 2 : 3) == 2", true],
    ["1 in [1] && 'a' in {'a': 1}", true],
    ["null == null", true],
    ["null != 1", true],
    ["1 == '1'", false], // different types are unequal, not an error
    ["[1] == 1", false],
    ["'a' < 1", "error"], // ordering across types is an error
    ["true < false", "error"],
    ["1 in 1", "error"],
  ]);
});

describe("is — https://firebase.google.com/docs/rules/rules-language (is operator)", () => {
  check([
    ["true is bool", true],
    ["1 is int", true],
    ["1.5 is float", true],
    ["1 is number", true],
    ["'a' is string", true],
    ["b'a' is bytes", true],
    ["[] is list", true],
    ["{} is map", true],
    ["[].toSet() is set", true],
    ["/a is path", true],
    ["request.time is timestamp", true],
    ["duration.value(1, 's') is duration", true],
    ["latlng.value(1, 1) is latlng", true],
    ["'a' is int", false],
    ["null is string", false],
    ["[] is map", false],
  ]);
});

describe("request.auth when signed out — https://firebase.google.com/docs/rules/rules-conditions", () => {
  check([
    ["request.auth == null", true],
    ["request.auth != null", false],
    ["request.auth.uid == 'alice'", "error"],
    ["request.auth != null && request.auth.uid == 'alice'", false],
  ]);
});

describe("functions and let — https://firebase.google.com/docs/rules/rules-language (Function)", () => {
  const path = `${DOCS}/t/x`;
  const run = (body: string) => {
    const rules = parseRules(firestoreRules(body));
    return decisionOutcome(rules.evaluate({ path, method: "get", auth: null }));
  };

  it("evaluates a function with parameters and let bindings", () => {
    expect(
      run(`function double(n) { let two = 2; let d = n * two; return d; }
           match /t/{id} { allow get: if double(21) == 42; }`),
    ).toBe(true);
  });

  it("lets later bindings use earlier ones", () => {
    expect(
      run(`function f() { let a = 1; let b = a + 1; return b == 2; } match /t/{id} { allow get: if f(); }`),
    ).toBe(true);
  });

  it("gives a function the wildcards of the match block that declares it", () => {
    expect(run(`match /t/{id} { function isX() { return id == 'x'; } allow get: if isX(); }`)).toBe(true);
  });

  it("does not give a service-level function the wildcards of a match block", () => {
    expect(run(`function isX() { return id == 'x'; } match /t/{id} { allow get: if isX(); }`)).toBe("error");
  });

  it("lets a function call another function", () => {
    expect(
      run(`function a() { return b(); } function b() { return true; } match /t/{id} { allow get: if a(); }`),
    ).toBe(true);
  });

  it("rejects recursion", () => {
    expect(run(`function f(n) { return n == 0 || f(n - 1); } match /t/{id} { allow get: if f(3); }`)).toBe(
      "error",
    );
  });

  it("allows a call depth of 20 and errors beyond it", () => {
    const chain = (n: number) =>
      Array.from(
        { length: n },
        (_, i) => `function f${i}() { return ${i === n - 1 ? "true" : `f${i + 1}()`}; }`,
      ).join("\n");
    expect(run(`${chain(20)} match /t/{id} { allow get: if f0(); }`)).toBe(true);
    expect(run(`${chain(21)} match /t/{id} { allow get: if f0(); }`)).toBe("error");
  });

  it("fails a call with the wrong number of arguments", () => {
    expect(run(`function f(a, b) { return true; } match /t/{id} { allow get: if f(1); }`)).toBe("error");
  });

  it("fails a call to an undefined function", () => {
    expect(run(`match /t/{id} { allow get: if nope(); }`)).toBe("error");
  });

  it("lets a parameter shadow a global", () => {
    expect(run(`function f(request) { return request == 1; } match /t/{id} { allow get: if f(1); }`)).toBe(
      true,
    );
  });

  it("lets an inner function shadow an outer one", () => {
    expect(
      run(
        `function f() { return false; } match /t/{id} { function f() { return true; } allow get: if f(); }`,
      ),
    ).toBe(true);
  });
});

describe("expression limit — https://firebase.google.com/docs/firestore/security/rules-conditions#access_calls_limits", () => {
  const sum = (n: number) => `${Array.from({ length: n }, () => "1").join(" + ")} == ${n}`;
  it("evaluates a long expression within 1,000 expressions", () => expect(outcome(sum(500))).toBe(true));
  it("fails a request that evaluates more than 1,000", () => expect(outcome(sum(1200))).toBe("error"));
});
