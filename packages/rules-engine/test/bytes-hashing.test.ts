import { describe, expect, it } from "vitest";
import { outcome, type Outcome } from "./helpers.js";

type Row = [expr: string, expected: Outcome];

const check = (rows: Row[]) =>
  it.each(rows)("%s → %s", (expr, expected) => {
    expect(outcome(expr)).toBe(expected);
  });

describe("rules.Bytes — https://firebase.google.com/docs/reference/rules/rules.Bytes", () => {
  check([
    // "These are all equal to decimal 42."
    ["b'*' == b'\\x2A'", true],
    ["b'\\x2A' == b'\\052'", true],
    // "These are all equivalent"
    ["b'€' == b'\\342\\202\\254'", true],
    ["b'€' == b'\\xE2\\x82\\xAC'", true],
    ["b'\\xFF\\xFF'.size() == 2", true],
    ["b'a'.size() == 1", true],
    ["b'€'.size() == 3", true],
    ["b'\\xFB\\xEF\\xBE'.toBase64() == '----'", true],
    ["b'\\x2A'.toHexString() == '2A'", true],
    ["b'**'.toHexString() == '2A2A'", true],
    ["b'€'.toHexString() == 'E282AC'", true],
    ["b'a' is bytes", true],
    ["b'a' == 'a'", false],
    ["b'a' < b'b'", true],
  ]);
});

describe("rules.hashing — https://firebase.google.com/docs/reference/rules/rules.hashing", () => {
  check([
    ["hashing.md5('hello').toHexString() == '5D41402ABC4B2A76B9719D911017C592'", true],
    ["hashing.md5(b'hello') == hashing.md5('hello')", true],
    ["hashing.md5('').toHexString() == 'D41D8CD98F00B204E9800998ECF8427E'", true],
    [
      "hashing.sha256('hello').toHexString() == '2CF24DBA5FB0A30E26E83B2AC5B9E29E1B161E5C1FA7425E73043362938B9824'",
      true,
    ],
    ["hashing.sha256('').size() == 32", true],
    ["hashing.crc32('123456789').toHexString() == 'CBF43926'", true],
    ["hashing.crc32('hello').toHexString() == '3610A686'", true],
    ["hashing.crc32c('123456789').toHexString() == 'E3069283'", true],
    ["hashing.crc32c(b'') .size() == 4", true],
    ["hashing.sha256('x') is bytes", true],
    ["hashing.md5(1) == b''", "error"],
    ["hashing.sha1('x') == b''", "error"],
  ]);
});
