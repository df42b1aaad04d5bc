import { describe, expect, it } from "vitest";
import { outcome, type Outcome } from "./helpers.js";

type Row = [expr: string, expected: Outcome];

describe("rules.String — https://firebase.google.com/docs/reference/rules/rules.String", () => {
  const rows: Row[] = [
    // operators: "Concatenate a username and an email domain", index and range examples
    ["'username' + '@domain.com' == 'username@domain.com'", true],
    ["'abcdef'[0] == 'a' && 'abcdef'[0:3] == 'abc'", true],
    ["'a' + 'b' == 'ab'", true],
    ["'abc' == 'abc'", true],
    ["'abc' != 'abd'", true],
    ["'a' < 'b'", true],
    ["'abc' >= 'abb'", true],
    ["'abc'[0] == 'a'", true],
    ["'abc'[2] == 'c'", true],
    ["'abc'[3] == 'c'", "error"],
    ["'abcdef'[1:3] == 'bc'", true],
    ["'abcdef'[:2] == 'ab'", true],
    ["'abcdef'[4:] == 'ef'", true],
    ["'abc'[2:1] == ''", "error"],
    ["'a' + 1 == 'a1'", "error"],
    // lower / upper / trim
    ["'ABC'.lower() == 'abc'", true],
    ["'ABC123'.lower() == 'abc123'", true],
    ["'abc'.upper() == 'ABC'", true],
    ["'abc123'.upper() == 'ABC123'", true],
    ["' a '.trim() == 'a'", true],
    ["'\\ta b\\n'.trim() == 'a b'", true],
    // size counts characters
    ["'a'.size() == 1", true],
    ["'abc'.size() == 3", true],
    ["''.size() == 0", true],
    ["'€'.size() == 1", true],
    // matches: RE2 syntax, whole-string match
    ["'user@domain.com'.matches('.*@domain[.]com') == true", true],
    ["'banana'.matches('.*@domain[.]com') == false", true],
    ["'abc'.matches('b')", false],
    ["'abc'.matches('a.c')", true],
    ["'abc'.matches('.*b.*')", true],
    ["'EUR'.matches('^[A-Z]{3}$')", true],
    ["'EURO'.matches('[A-Z]{3}')", false],
    ["'aaa'.matches('(a)\\\\1')", "error"],
    ["'ab'.matches('a(?=b)')", "error"],
    ["'x'.matches('[')", "error"],
    ["'Hello'.matches('(?i)hello')", true],
    // replace: regular expression, every match
    ["'banana'.replace('a', 'o') == 'bonono'", true],
    ["'banana'.replace('ana', 'ee') == 'beena'", true],
    ["'foo.bar'.replace('.', 'x') == 'xxxxxxx'", true],
    ["'foo.bar'.replace('\\\\.', 'x') == 'fooxbar'", true],
    ["'abc'.replace('z', 'y') == 'abc'", true],
    ["'foo@test.com'.replace('.', '-') == '------------'", true], // '.' regex matches every character
    // split
    ["'a/b/c'.split('/') == ['a', 'b', 'c']", true],
    ["'a/b.c'.split('[/.]') == ['a', 'b', 'c']", true],
    ["'abc'.split(',') == ['abc']", true],
    // toUtf8
    ["'a'.toUtf8() == b'\\x61'", true],
    ["'€'.toUtf8() == b'\\xE2\\x82\\xAC'", true],
    ["'a'.toUtf8().size() == 1", true],
    // no such method, wrong argument
    ["'abc'.reverse() == 'cba'", "error"],
    ["'abc'.matches(1)", "error"],
    ["'abc'.size(1) == 3", "error"],
    // escapes
    ["'it\\'s' == \"it's\"", true],
    ["'\\u00e9' == 'é'", true],
    ["r'a\\d'.size() == 3", true],
  ];
  it.each(rows)("%s → %s", (expr, expected) => {
    expect(outcome(expr)).toBe(expected);
  });
});
