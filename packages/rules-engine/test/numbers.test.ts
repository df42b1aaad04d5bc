import { describe, expect, it } from "vitest";
import { outcome, type Outcome } from "./helpers.js";

type Row = [expr: string, expected: Outcome];

const check = (rows: Row[]) =>
  it.each(rows)("%s → %s", (expr, expected) => {
    expect(outcome(expr)).toBe(expected);
  });

describe("rules.Integer — https://firebase.google.com/docs/reference/rules/rules.Integer", () => {
  check([
    ["1 + 2 == 3", true],
    ["7 - 10 == -3", true],
    ["6 * 7 == 42", true],
    ["7 / 2 == 3", true], // integer division truncates
    ["-7 / 2 == -3", true], // toward zero
    ["7 % 3 == 1", true],
    ["-7 % 3 == -1", true], // sign of the dividend
    ["1 / 0 == 0", "error"],
    ["1 % 0 == 0", "error"],
    ["9223372036854775807 + 1 > 0", "error"], // 64-bit overflow is an error
    ["-9223372036854775808 - 1 < 0", "error"],
    ["9223372036854775807 * 2 > 0", "error"],
    ["-9223372036854775808 / -1 > 0", "error"],
    ["-9223372036854775808 < 0", true],
    ["9223372036854775807 == 9223372036854775807", true],
    ["3 is int", true],
    ["3 is number", true],
    ["3 is float", false],
    ["-(-3) == 3", true],
    ["2 < 3 && 3 <= 3 && 4 > 3 && 4 >= 4", true],
  ]);
});

describe("rules.Float — https://firebase.google.com/docs/reference/rules/rules.Float", () => {
  check([
    ["1.5 + 1.5 == 3.0", true],
    ["3.0 == 3", true], // int and float compare by value
    ["3 == 3.0", true],
    ["7.0 / 2 == 3.5", true], // mixed arithmetic is float arithmetic
    ["7 / 2.0 == 3.5", true],
    ["1 + 0.5 is float", true],
    ["2.0 * 2 is float", true],
    ["1.0 is float", true],
    ["1.0 is int", false],
    ["1.0 is number", true],
    ["1.5 < 2", true],
    ["2 > 1.5", true],
    ["1e3 == 1000", true],
    ["2.5e-1 == 0.25", true],
    ["math.isInfinite(1.0 / 0)", true],
    ["math.isNaN(0.0 / 0)", true],
    ["0.0 / 0 == 0.0 / 0", false], // NaN is not equal to itself
    ["-1.5 < 0", true],
  ]);
});

describe("rules.Number and conversions — https://firebase.google.com/docs/reference/rules/rules", () => {
  check([
    ["int('2') == 2", true],
    ["int('-42') == -42", true],
    ["int(2.0) == 2", true],
    ["int(2.9) == 2", true],
    ["int(-2.9) == -2", true],
    ["int('2.5') == 2", "error"],
    ["int('abc') == 0", "error"],
    ["int(1.0 / 0) == 0", "error"],
    ["int(true) == 1", "error"],
    ["float(2) == 2.0", true],
    ["float('2.5') == 2.5", true],
    ["float(2) is float", true],
    ["float('x') == 0.0", "error"],
    ["string(true) == 'true'", true],
    ["string(1) == '1'", true],
    ["string(-7) == '-7'", true],
    ["string(2.5) == '2.5'", true],
    ["string(2.0) == '2.0'", true],
    ["string(null) == 'null'", true],
    ["string('s') == 's'", true],
  ]);
});

describe("rules.math — https://firebase.google.com/docs/reference/rules/rules.math", () => {
  check([
    ["math.abs(-1) == 1", true],
    ["math.abs(1) == 1", true],
    ["math.abs(-1.5) == 1.5", true],
    ["math.abs(-1) is int", true],
    ["math.ceil(2.0) == 2", true],
    ["math.ceil(2.1) == 3", true],
    ["math.ceil(2.7) == 3", true],
    ["math.ceil(2.1) is int", true],
    ["math.floor(1.9) == 1", true],
    ["math.floor(2.0) == 2", true],
    ["math.floor(2.7) == 2", true],
    ["math.floor(-1.5) == -2", true],
    ["math.isInfinite(100) == false", true],
    ["math.isNaN(100) == false", true],
    ["math.pow(2, 2) == 4", true],
    ["math.pow(1.5, 2) == 2.25", true],
    ["math.pow(4, 0.5) == 2", true],
    ["math.pow(2, 2) is float", true],
    ["math.round(1.9) == 2", true],
    ["math.round(2.4) == 2", true],
    ["math.round(2.5) == 3", true],
    ["math.round(-2.5) == -3", true],
    ["math.sqrt(4) == 2.0", true],
    ["math.sqrt(2.25) == 1.5", true],
    ["math.abs('x') == 1", "error"],
    ["math.cbrt(8) == 2", "error"],
  ]);
});
