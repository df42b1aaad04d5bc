import { describe, expect, it } from "vitest";
import { parseRules, type RulesRequest } from "../src/index.js";
import { DOCS, alice, decisionOutcome, firestoreRules, type Outcome } from "./helpers.js";

// "Rules are not filters": a query is allowed only if the rules hold for every document it
// could return, judged from the query's constraints, never from stored data.
// https://firebase.google.com/docs/firestore/security/rules-query

function lister(condition: string) {
  const rules = parseRules(firestoreRules(`match /stories/{storyid} { allow read: if ${condition}; }`));
  return (query: RulesRequest["query"], auth: RulesRequest["auth"] = alice): Outcome =>
    decisionOutcome(rules.evaluate({ path: `${DOCS}/stories`, method: "list", auth, query }));
}

describe("secure and query documents based on auth.uid — https://firebase.google.com/docs/firestore/security/rules-query#secure_and_query_documents_based_on_authuid", () => {
  const list = lister("request.auth != null && request.auth.uid == resource.data.author");
  it("allows a query constrained to the caller's own documents", () =>
    expect(list({ where: [["author", "==", "alice"]] })).toBe(true));
  it("denies the same query without the constraint", () => expect(list({})).toBe("error"));
  it("denies a query for someone else's documents", () =>
    expect(list({ where: [["author", "==", "bob"]] })).toBe(false));
  it("denies signed-out callers", () =>
    expect(list({ where: [["author", "==", "alice"]] }, null)).toBe(false));
  it("ignores unrelated constraints", () =>
    expect(
      list({
        where: [
          ["author", "==", "alice"],
          ["title", "==", "x"],
        ],
      }),
    ).toBe(true));
});

describe("secure and query documents based on a field — https://firebase.google.com/docs/firestore/security/rules-query#secure_and_query_documents_based_on_a_field", () => {
  const list = lister("resource.data.published == true || request.auth.uid == resource.data.author");
  it("allows querying published stories", () =>
    expect(list({ where: [["published", "==", true]] })).toBe(true));
  it("allows querying the caller's stories", () =>
    expect(list({ where: [["author", "==", "alice"]] })).toBe(true));
  it("denies an unconstrained query", () => expect(list({})).toBe("error"));
  it("denies querying unpublished stories of others", () =>
    expect(list({ where: [["published", "==", false]] })).toBe("error"));
});

describe("in and array-contains-any — https://firebase.google.com/docs/firestore/security/rules-query#evaluating_constraints_on_queries", () => {
  const byAuthor = lister("resource.data.author == request.auth.uid");
  it("splits an in-query into one case per value", () => {
    expect(byAuthor({ where: [["author", "in", ["alice"]]] })).toBe(true);
    expect(byAuthor({ where: [["author", "in", ["alice", "bob"]]] })).toBe(false);
  });
  const member = lister("request.auth.uid in resource.data.members");
  it("uses array-contains to decide membership", () => {
    expect(member({ where: [["members", "array-contains", "alice"]] })).toBe(true);
    expect(member({ where: [["members", "array-contains", "bob"]] })).toBe("error");
    expect(member({ where: [["members", "array-contains-any", ["alice"]]] })).toBe(true);
    expect(member({ where: [["members", "array-contains-any", ["alice", "bob"]]] })).toBe("error");
  });
  const visibility = lister("resource.data.visibility in ['public', 'shared']");
  it("decides `field in list` from an in-query", () => {
    expect(visibility({ where: [["visibility", "in", ["public", "shared"]]] })).toBe(true);
    expect(visibility({ where: [["visibility", "in", ["public", "private"]]] })).toBe(false);
    expect(visibility({ where: [["visibility", "==", "public"]] })).toBe(true);
    expect(visibility({})).toBe("error");
  });
});

describe("range and inequality constraints — https://firebase.google.com/docs/firestore/security/rules-query", () => {
  const cheap = lister("resource.data.price < 100");
  it("allows a range inside the rule's range", () => {
    expect(cheap({ where: [["price", "<", 50]] })).toBe(true);
    expect(cheap({ where: [["price", "<", 100]] })).toBe(true);
    expect(cheap({ where: [["price", "<=", 99]] })).toBe(true);
    expect(
      cheap({
        where: [
          ["price", ">", 10],
          ["price", "<", 20],
        ],
      }),
    ).toBe(true);
  });
  it("denies a range reaching outside it", () => {
    expect(cheap({ where: [["price", "<=", 100]] })).toBe("error");
    expect(cheap({ where: [["price", "<", 150]] })).toBe("error");
    expect(cheap({ where: [["price", ">", 10]] })).toBe("error");
  });
  it("denies a range entirely outside it as false", () =>
    expect(cheap({ where: [["price", ">=", 100]] })).toBe(false));
  it("decides equality from a concrete value", () =>
    expect(cheap({ where: [["price", "==", 99.5]] })).toBe(true));
  const recent = lister("resource.data.score >= 10");
  it("handles lower bounds", () => {
    expect(recent({ where: [["score", ">=", 10]] })).toBe(true);
    expect(recent({ where: [["score", ">", 9]] })).toBe("error");
    expect(recent({ where: [["score", ">", 10]] })).toBe(true);
  });
  const notDeleted = lister("resource.data.status != 'deleted'");
  it("uses != and not-in constraints", () => {
    expect(notDeleted({ where: [["status", "!=", "deleted"]] })).toBe(true);
    expect(notDeleted({ where: [["status", "not-in", ["deleted", "archived"]]] })).toBe(true);
    expect(notDeleted({ where: [["status", "not-in", ["archived"]]] })).toBe("error");
    expect(notDeleted({ where: [["status", "==", "live"]] })).toBe(true);
    expect(notDeleted({})).toBe("error");
  });
  it("knows a range filter only returns values of its own type", () => {
    expect(notDeleted({ where: [["status", ">", 3]] })).toBe(true);
    expect(lister("resource.data.price is number")({ where: [["price", ">", 3]] })).toBe(true);
    expect(lister("resource.data.price is number")({})).toBe("error");
  });
});

describe("fields the query must constrain — https://firebase.google.com/docs/firestore/security/rules-query", () => {
  it("reads nested fields through dotted where-clauses", () => {
    const list = lister("resource.data.owner.uid == request.auth.uid");
    expect(list({ where: [["owner.uid", "==", "alice"]] })).toBe(true);
    expect(list({ where: [["owner", "==", { uid: "alice" }]] })).toBe(true);
    expect(list({})).toBe("error");
  });
  it("knows a filtered field exists", () => {
    const list = lister("'author' in resource.data");
    expect(list({ where: [["author", "!=", null]] })).toBe(true);
    expect(list({})).toBe("error");
  });
  it("reads optional fields through get() with a default", () => {
    const list = lister("resource.data.get('team', '') == 'red'");
    expect(list({ where: [["team", "==", "red"]] })).toBe(true);
    expect(list({})).toBe("error");
  });
  it("allows any query when the rule does not read the documents", () => {
    expect(lister("request.auth != null")({})).toBe(true);
  });
  it("does not let the document id wildcard stand for every document", () => {
    expect(lister("storyid == 's1'")({})).toBe("error");
  });
  it("knows a returned document is never null", () => {
    expect(lister("resource != null")({})).toBe(true);
  });
  it("cannot decide methods over unconstrained data", () => {
    expect(lister("resource.data.keys().size() > 0")({})).toBe("error");
    expect(lister("resource.data.tags.size() > 0")({ where: [["tags", "array-contains", "a"]] })).toBe(
      "error",
    );
  });
});

describe("query limits and ordering — https://firebase.google.com/docs/firestore/security/rules-query#evaluating_constraints_on_queries", () => {
  it("limits the result size through request.query.limit", () => {
    const list = lister("request.query.limit <= 1000");
    expect(list({ limit: 1000 })).toBe(true);
    expect(list({ limit: 1001 })).toBe(false);
    expect(list({})).toBe("error"); // no limit clause: the field is absent
  });
  it("exposes the offset", () => {
    const list = lister("request.query.offset == 0");
    expect(list({ offset: 0 })).toBe(true);
    expect(list({ offset: 10 })).toBe(false);
  });
  it("exposes orderBy as a map of field to ASC or DESC", () => {
    const list = lister("request.query.orderBy.createdAt == 'DESC'");
    expect(list({ orderBy: [["createdAt", "desc"]] })).toBe(true);
    expect(list({ orderBy: [["createdAt", "asc"]] })).toBe(false);
    expect(list({})).toBe("error");
  });
  it("combines query limits with document constraints", () => {
    const list = lister("request.query.limit <= 20 && resource.data.author == request.auth.uid");
    expect(list({ limit: 20, where: [["author", "==", "alice"]] })).toBe(true);
    expect(list({ limit: 21, where: [["author", "==", "alice"]] })).toBe(false);
  });
  it("has no request.query for a single-document get", () => {
    const rules = parseRules(
      firestoreRules("match /stories/{id} { allow get: if request.query.limit < 5; }"),
    );
    const d = rules.evaluate({ path: `${DOCS}/stories/s1`, method: "get", auth: null });
    expect(decisionOutcome(d)).toBe("error");
  });
});

describe("list versus get — https://firebase.google.com/docs/firestore/security/rules-conditions#granular_operations", () => {
  const rules = parseRules(
    firestoreRules(`match /cities/{city} {
      allow get: if true;
      allow list: if request.query.limit <= 10;
    }`),
  );
  it("judges single reads and queries separately", () => {
    expect(rules.evaluate({ path: `${DOCS}/cities/SF`, method: "get", auth: null }).allowed).toBe(true);
    expect(
      rules.evaluate({ path: `${DOCS}/cities`, method: "list", auth: null, query: { limit: 50 } }).allowed,
    ).toBe(false);
    expect(
      rules.evaluate({ path: `${DOCS}/cities`, method: "list", auth: null, query: { limit: 5 } }).allowed,
    ).toBe(true);
  });
  it("rejects unknown where operators as a caller error", () => {
    expect(() =>
      rules.evaluate({
        path: `${DOCS}/cities`,
        method: "list",
        auth: null,
        query: { where: [["a", "~", 1]] },
      }),
    ).toThrow(TypeError);
  });
});

describe("collection-group queries — https://firebase.google.com/docs/firestore/security/rules-query#collection_group_queries_and_security_rules", () => {
  const rules = parseRules(
    firestoreRules(`
    match /forums/{forumid}/posts/{post} { allow read: if true; }
    match /{path=**}/reviews/{review} { allow read: if resource.data.published == true; }`),
  );
  const list = (path: string, where: [string, string, unknown][] = []) =>
    decisionOutcome(
      rules.evaluate({
        path: `${DOCS}/${path}`,
        method: "list",
        auth: alice,
        query: { where },
        collectionGroup: true,
      }),
    );

  it("denies a collection group that only a non-recursive match names", () =>
    expect(list("posts")).toBe(false));
  it("still allows the same collection queried directly", () =>
    expect(
      rules.evaluate({ path: `${DOCS}/forums/f1/posts`, method: "list", auth: alice, query: {} }).allowed,
    ).toBe(true));
  it("allows a collection group through a {path=**} match when the query guarantees the rule", () =>
    expect(list("reviews", [["published", "==", true]])).toBe(true));
  it("judges the rule of the {path=**} match on the query", () => expect(list("reviews")).toBe("error"));
  it("judges a collection group scoped below a document the same way", () =>
    expect(list("forums/f1/posts")).toBe(false));
});

describe("disjunction bound", () => {
  const list = lister("resource.data.author == 'alice'");
  it("refuses to expand two long `in` lists before building their product", () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => i);
    expect(() =>
      list({
        where: [
          ["a", "in", many(1024)],
          ["b", "in", many(20_000)],
        ],
      }),
    ).toThrow(/more than 1024 cases/);
  });
});
