import { describe, expect, it } from "vitest";
import { outcome, type Outcome } from "./helpers.js";

type Row = [expr: string, expected: Outcome];

const check = (rows: Row[]) =>
  it.each(rows)("%s → %s", (expr, expected) => {
    expect(outcome(expr)).toBe(expected);
  });

describe("rules.List — https://firebase.google.com/docs/reference/rules/rules.List", () => {
  check([
    ["[1, 2] == [1, 2]", true],
    ["[1, 2] != [2, 1]", true],
    ["[1, 2, 3][1] == 2", true],
    ["[1, 2, 3][3] == 0", "error"],
    ["[1, 2, 3][-1] == 3", "error"],
    ["[1, 2, 3, 4][1:3] == [2, 3]", true],
    ["[1, 2, 3][:1] == [1]", true],
    ["[1, 2, 3][1:] == [2, 3]", true],
    ["[1, 2, 3][0:9] == [1, 2, 3]", "error"],
    ["2 in [1, 2, 3]", true],
    ["4 in [1, 2, 3]", false],
    ["2.0 in [1, 2, 3]", true],
    ["[1, 2] + [3] == [1, 2, 3]", true],
    ["[1, 2].concat([3, 4]) == [1, 2, 3, 4]", true],
    ["['a', 'b'].hasAll(['a', 'c']) == false", true],
    ["['d', 'e', 'f'].hasAll(['d', 'e']) == true", true],
    ["['a', 'b'].hasAll([])", true],
    ["['a', 'b'].hasAny(['c', 'd']) == false", true],
    ["['a', 'b'].hasAny(['a', 'c']) == true", true],
    ["['a', 'b'].hasOnly(['a', 'c']) == false", true],
    ["['a', 'b'].hasOnly(['a', 'b']) == true", true],
    ["['a', 'b'].hasOnly(['b', 'a']) == true", true],
    ["['a', 'a', 'b'].hasOnly(['a', 'b', 'c']) == true", true],
    ["['a', 'b'].hasAll(['a'].toSet())", true],
    ["['a', 'b'].join('/') == 'a/b'", true],
    ["[].join(',') == ''", true],
    ["[1, 2].join(',') == '1,2'", "error"],
    ["[1, 2, 3].removeAll([1, 3]) == [2]", true],
    ["['a', 'b', 'a'].removeAll(['a']) == ['b']", true],
    ["[1, 2, 3].size() == 3", true],
    ["[].size() == 0", true],
    ["[1, 1, 2].toSet() == [1, 2].toSet()", true],
    ["[1, 2].toSet() is set", true],
    ["[1, 'a', true, null] is list", true],
    ["[1, 2].first() == 1", "error"],
    ["[1, 2][0.0] == 1", "error"],
  ]);
});

describe("rules.Map — https://firebase.google.com/docs/reference/rules/rules.Map", () => {
  check([
    ["{'a': 1} == {'a': 1}", true],
    ["{'a': 1, 'b': 2} == {'b': 2, 'a': 1}", true],
    ["{'a': 1} != {'a': 2}", true],
    ["{'a': 1}['a'] == 1", true],
    ["{'a': 1}.a == 1", true],
    ["{'a': {'b': 2}}.a.b == 2", true],
    ["{'a': 1}.b == 1", "error"],
    ["{'a': 1}['b'] == 1", "error"],
    ["'a' in {'a': 1}", true],
    ["'b' in {'a': 1}", false],
    ["{'a': 1, 'b': 2}.keys().hasAll(['a', 'b'])", true],
    ["{'a': 1}.keys() == ['a']", true],
    ["{'a': 1}.values() == [1]", true],
    ["{'a': 1, 'b': 2}.size() == 2", true],
    ["{}.size() == 0", true],
    ["{'a': 1}.get('a', 0) == 1", true],
    ["{'a': 1}.get('b', 0) == 0", true],
    ["{'a': null}.get('a', 0) == null", true],
    ["{'a': {'b': 1}}.get(['a', 'b'], 0) == 1", true],
    ["{'a': {'b': 1}}.get(['a', 'c'], 7) == 7", true],
    ["{'a': 5}.get(['a', 'b'], 7) == 7", true],
    ["{'a': 1}.get(1, 0) == 0", "error"],
    ["{'a': 1} is map", true],
    ["{1: 'a'} == {}", "error"],
    ["{'size': 9}.size == 9", true],
    ["{'size': 9}.size() == 1", true],
  ]);
});

describe("rules.MapDiff — https://firebase.google.com/docs/reference/rules/rules.MapDiff", () => {
  check([
    ["{'a': 1}.diff({}).addedKeys() == ['a'].toSet()", true],
    [
      "({'a': 0, 'c': 0, 'u': 0}).diff({'r': 0, 'c': 1, 'u': 0}).affectedKeys() == ['a', 'r', 'c'].toSet()",
      true,
    ],
    ["{'a': 0}.diff({'a': 1, 'b': 4}).changedKeys() == ['a'].toSet()", true],
    ["{}.diff({'a': 1}).removedKeys() == ['a'].toSet()", true],
    ["{'a': 0}.diff({'a': 0}).unchangedKeys() == ['a'].toSet()", true],
    ["{'a': 0, 'b': 1}.diff({'a': 0, 'b': 2}).affectedKeys().hasOnly(['b'])", true],
    ["{'a': [1]}.diff({'a': [1]}).changedKeys().size() == 0", true],
    ["{'a': 1}.diff({'a': 1.0}).unchangedKeys() == ['a'].toSet()", true],
    ["{'a': 1}.diff('x').addedKeys() == [].toSet()", "error"],
    ["{'a': 1}.diff({}) is map_diff", true],
  ]);
});

describe("rules.Set — https://firebase.google.com/docs/reference/rules/rules.Set", () => {
  check([
    ["['a', 'b'].toSet() == ['b', 'a'].toSet()", true],
    ["'a' in ['a', 'b'].toSet()", true],
    ["'c' in ['a', 'b'].toSet()", false],
    ["['a', 'b'].toSet().difference(['a', 'c'].toSet()) == ['b'].toSet()", true],
    ["['a', 'b'].toSet().hasAll(['a', 'c']) == false", true],
    ["['d', 'e', 'f'].toSet().hasAll(['d', 'e']) == true", true],
    ["['a', 'b'].toSet().hasAny(['c', 'd']) == false", true],
    ["['a', 'b'].toSet().hasAny(['a', 'c']) == true", true],
    ["['a', 'b'].toSet().hasOnly(['a', 'c']) == false", true],
    ["['a', 'b'].toSet().hasOnly(['a', 'b']) == true", true],
    ["['a', 'b'].toSet().intersection(['a', 'c'].toSet()) == ['a'].toSet()", true],
    ["['a', 'b'].toSet().size() == 2", true],
    ["['a', 'a'].toSet().size() == 1", true],
    ["['a', 'b'].toSet().union(['a', 'c'].toSet()) == ['a', 'b', 'c'].toSet()", true],
    ["['a'].toSet().union(['a']) == ['a'].toSet()", "error"],
    ["['a'].toSet() == ['a']", false],
  ]);
});
