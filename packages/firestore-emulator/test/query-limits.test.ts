import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawClient, type RawClient } from "./support/raw-client.js";
import { putRules, rulesBody } from "./support/rules-loader.js";
import { openTarget, type Target } from "./support/target.js";
import { mockIdToken } from "./support/tokens.js";

// The service refuses a query over 30 disjunctions in disjunctive normal form ("Query limitations"), and so
// must the emulator, before the rules or the engine expand anything: one anonymous query of two long `in`
// lists once exhausted the heap and killed the port.

const INVALID_ARGUMENT = 3;
const RULES = `rules_version = '2';
service cloud.firestore {
  match /databases/{database}/documents {
    match /items/{id} { allow read: if resource.data.open == true; }
  }
}`;

let target: Target;
let raw: RawClient;

beforeAll(async () => {
  target = await openTarget("query-limits");
  raw = rawClient(target.host);
  expect((await putRules(target.host, target.projectId, rulesBody(RULES))).status).toBe(200);
  await target.client().doc("items/a").set({ open: true, f: 1 });
});
afterAll(async () => {
  raw.close();
  await target.close();
});

const values = (n: number) => ({
  arrayValue: { values: Array.from({ length: n }, (_, i) => ({ integerValue: String(i) })) },
});
const filter = (field: string, op: string, value: unknown) => ({
  fieldFilter: { field: { fieldPath: field }, op, value },
});
const runQuery = (where: unknown, token?: string) =>
  raw.call(
    "RunQuery",
    {
      parent: `projects/${target.projectId}/databases/(default)/documents`,
      structuredQuery: { from: [{ collectionId: "items" }], where },
    },
    token,
  );
const or = (n: number) => ({
  compositeFilter: {
    op: "OR",
    filters: Array.from({ length: n }, (_, i) => filter("f", "EQUAL", { integerValue: String(i) })),
  },
});
const and = (...filters: unknown[]) => ({ compositeFilter: { op: "AND", filters } });

describe("disjunctions", () => {
  it("refuses two `in` filters of 1,024 and 20,000 values with INVALID_ARGUMENT, anonymous or signed in, and keeps serving", async () => {
    const huge = and(filter("open", "IN", values(1024)), filter("f", "IN", values(20_000)));
    for (const token of [undefined, mockIdToken("alice"), "owner"]) {
      const outcome = await runQuery(huge, token);
      expect(outcome.code).toBe(INVALID_ARGUMENT);
      expect(outcome.messages).toEqual([]);
    }
    const after = await runQuery(filter("open", "EQUAL", { booleanValue: true }), "owner");
    expect(after.code).toBe(0);
    expect(after.messages).toHaveLength(1);
  });

  it("counts disjunctions in DNF as the service does: an AND of in-lists multiplies, an OR adds", async () => {
    const product = await runQuery(and(filter("f", "IN", values(6)), filter("g", "IN", values(6))), "owner");
    expect(product.code).toBe(INVALID_ARGUMENT);
    expect(product.details).toMatch(/36 disjunctions/);
    expect(
      (await runQuery(and(filter("f", "IN", values(5)), filter("g", "IN", values(6))), "owner")).code,
    ).toBe(0);
    expect((await runQuery(or(30), "owner")).code).toBe(0);
    expect((await runQuery(or(31), "owner")).details).toMatch(/31 disjunctions/);
  });

  it("refuses `in` over 30 values and `not-in` over 10, and empty lists", async () => {
    expect((await runQuery(filter("f", "IN", values(31)), "owner")).code).toBe(INVALID_ARGUMENT);
    expect((await runQuery(filter("f", "IN", values(30)), "owner")).code).toBe(0);
    expect((await runQuery(filter("f", "NOT_IN", values(11)), "owner")).code).toBe(INVALID_ARGUMENT);
    expect((await runQuery(filter("f", "NOT_IN", values(10)), "owner")).code).toBe(0);
    expect((await runQuery(filter("f", "ARRAY_CONTAINS_ANY", values(0)), "owner")).code).toBe(
      INVALID_ARGUMENT,
    );
  });
});
