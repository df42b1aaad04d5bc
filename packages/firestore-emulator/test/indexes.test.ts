import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFirestoreEmulator, IndexConfigurationError, type FirestoreEmulator } from "../src/index.js";
import type { Filter, StructuredQuery } from "../src/types.js";
import { drain, rawClient, received, type RawClient } from "./support/raw-client.js";

// Index enforcement over the wire: RunQuery, RunAggregationQuery and Listen refuse the issue's six
// queries with FAILED_PRECONDITION naming the index, and serve them once firestore.indexes.json declares
// it. Raw gRPC, because firebase-admin retries a refused query stream for about 7 s before reporting it.

const PROJECT = "demo-indexes";
const DATABASE = `projects/${PROJECT}/databases/(default)`;
const PARENT = `${DATABASE}/documents/partners/p1`;
const FAILED_PRECONDITION = 9;

const TTL_ONLY = {
  indexes: [],
  fieldOverrides: [{ collectionGroup: "idempotencyKeys", fieldPath: "expiresAt", ttl: true, indexes: [] }],
};

let emulator: FirestoreEmulator;
let client: RawClient;

const field = (fieldPath: string, op: string, value: unknown): Filter => ({
  fieldFilter: { field: { fieldPath }, op, value: value as never },
});
const and = (...filters: Filter[]): Filter => ({ compositeFilter: { op: "AND", filters } });
const orderBy = (fieldPath: string, direction: "ASCENDING" | "DESCENDING" = "ASCENDING") => ({
  field: { fieldPath },
  direction,
});
const timestamp = (seconds: number) => ({ timestampValue: { seconds, nanos: 0 } });

function entry(id: string, type: string, status: string, amountMinor: number, category: string, at: number) {
  return {
    update: {
      name: `${PARENT}/entries/${id}`,
      fields: {
        partnerId: { stringValue: "p1" },
        type: { stringValue: type },
        status: { stringValue: status },
        amountMinor: { integerValue: amountMinor },
        category: { stringValue: category },
        occurredAt: timestamp(at),
        createdAt: timestamp(at),
      },
    },
  };
}

beforeAll(async () => {
  emulator = createFirestoreEmulator({ port: 0 });
  await emulator.start();
  client = rawClient(`${emulator.host}:${emulator.port}`);
  const commit = await client.call("Commit", {
    database: DATABASE,
    writes: [
      entry("e1", "income", "posted", 5, "food", 1),
      entry("e2", "income", "posted", 50, "rent", 2),
      entry("e3", "expense", "void", 500, "food", 3),
      { update: { name: `${PARENT}/idempotencyKeys/k1`, fields: { expiresAt: timestamp(10) } } },
    ],
  });
  expect(commit.code).toBe(0);
});

afterAll(async () => {
  client.close();
  await emulator.stop();
});

const entries = (query: Omit<StructuredQuery, "from">): StructuredQuery => ({
  from: [{ collectionId: "entries" }],
  ...query,
});

async function runQuery(structuredQuery: StructuredQuery) {
  const outcome = await client.call("RunQuery", { parent: PARENT, structuredQuery });
  const ids = outcome.messages.flatMap((m) => {
    const name = (m.document as { name?: string } | undefined)?.name;
    return name === undefined ? [] : [name.slice(name.lastIndexOf("/") + 1)];
  });
  return { ...outcome, ids };
}

/** The index a refusal names, parsed from its message. */
const namedIndex = (details: string) => JSON.parse(details.slice(details.indexOf("{"))) as unknown;

const index = (fields: [string, "ASCENDING" | "DESCENDING"][]) => ({
  collectionGroup: "entries",
  queryScope: "COLLECTION",
  fields: fields.map(([fieldPath, order]) => ({ fieldPath, order })),
});

const issueQueries: [string, StructuredQuery, ReturnType<typeof index>, string[]][] = [
  [
    'where("type", "==", "income").orderBy("occurredAt", "desc")',
    entries({
      where: field("type", "EQUAL", { stringValue: "income" }),
      orderBy: [orderBy("occurredAt", "DESCENDING")],
    }),
    index([
      ["type", "ASCENDING"],
      ["occurredAt", "DESCENDING"],
    ]),
    ["e2", "e1"],
  ],
  [
    'where("status", "==", "posted").where("amountMinor", ">", 10)',
    entries({
      where: and(
        field("status", "EQUAL", { stringValue: "posted" }),
        field("amountMinor", "GREATER_THAN", { integerValue: 10 }),
      ),
    }),
    index([
      ["status", "ASCENDING"],
      ["amountMinor", "ASCENDING"],
    ]),
    ["e2"],
  ],
  [
    'orderBy("category").orderBy("createdAt", "desc")',
    entries({ orderBy: [orderBy("category"), orderBy("createdAt", "DESCENDING")] }),
    index([
      ["category", "ASCENDING"],
      ["createdAt", "DESCENDING"],
    ]),
    ["e3", "e1", "e2"],
  ],
  [
    'where("status", "!=", "void").orderBy("status").orderBy("createdAt", "desc")',
    entries({
      where: field("status", "NOT_EQUAL", { stringValue: "void" }),
      orderBy: [orderBy("status"), orderBy("createdAt", "DESCENDING")],
    }),
    index([
      ["status", "ASCENDING"],
      ["createdAt", "DESCENDING"],
    ]),
    ["e2", "e1"],
  ],
];

describe("with firestore.indexes.json loaded", () => {
  it.each(issueQueries)(
    "refuses %s, naming the index, and serves it once declared",
    async (_name, query, needed, ids) => {
      emulator.loadIndexes(PROJECT, JSON.stringify(TTL_ONLY));
      const refused = await runQuery(query);
      expect(refused.code).toBe(FAILED_PRECONDITION);
      expect(refused.details).toMatch(
        /^The query requires an index\. Add it to "indexes" in firestore\.indexes\.json: /,
      );
      expect(namedIndex(refused.details)).toEqual(needed);
      expect(refused.messages).toEqual([]);

      emulator.loadIndexes(PROJECT, JSON.stringify({ ...TTL_ONLY, indexes: [needed] }));
      const served = await runQuery(query);
      expect(served.code).toBe(0);
      expect(served.ids).toEqual(ids);
    },
  );

  it('refuses collectionGroup("entries").where("partnerId", "==", …) until a field override adds the index', async () => {
    emulator.loadIndexes(PROJECT, JSON.stringify(TTL_ONLY));
    const query: StructuredQuery = {
      from: [{ collectionId: "entries", allDescendants: true }],
      where: field("partnerId", "EQUAL", { stringValue: "p1" }),
    };
    const refused = await runQuery(query);
    expect(refused.code).toBe(FAILED_PRECONDITION);
    expect(refused.details).toContain('Put this entry in "fieldOverrides" in firestore.indexes.json');
    const override = namedIndex(refused.details) as { indexes: unknown[] };
    expect(override).toMatchObject({ collectionGroup: "entries", fieldPath: "partnerId" });
    expect(override.indexes).toContainEqual({ order: "ASCENDING", queryScope: "COLLECTION_GROUP" });

    emulator.loadIndexes(
      PROJECT,
      JSON.stringify({ indexes: [], fieldOverrides: [...TTL_ONLY.fieldOverrides, override] }),
    );
    expect((await runQuery(query)).ids).toEqual(["e1", "e2", "e3"]);
    // The override kept the automatic collection-scope indexes.
    expect((await runQuery(entries({ where: query.where }))).ids).toEqual(["e1", "e2", "e3"]);
  });

  it('refuses where("expiresAt", "<", …) on idempotencyKeys, whose TTL override removes its indexes', async () => {
    emulator.loadIndexes(PROJECT, JSON.stringify(TTL_ONLY));
    const refused = await runQuery({
      from: [{ collectionId: "idempotencyKeys" }],
      where: field("expiresAt", "LESS_THAN", timestamp(20)),
    });
    expect(refused.code).toBe(FAILED_PRECONDITION);
    expect(namedIndex(refused.details)).toEqual({
      collectionGroup: "idempotencyKeys",
      fieldPath: "expiresAt",
      ttl: true,
      indexes: [{ order: "ASCENDING", queryScope: "COLLECTION" }],
    });
  });

  it("serves what automatic indexes serve: one field, merged equalities, newest first by name", async () => {
    emulator.loadIndexes(PROJECT, JSON.stringify(TTL_ONLY));
    const merged = entries({
      where: and(
        field("type", "EQUAL", { stringValue: "income" }),
        field("status", "EQUAL", { stringValue: "posted" }),
      ),
    });
    expect(await runQuery(merged)).toMatchObject({ code: 0, ids: ["e1", "e2"] });
    const newestFirst = entries({
      orderBy: [orderBy("createdAt", "DESCENDING"), orderBy("__name__", "DESCENDING")],
    });
    expect(await runQuery(newestFirst)).toMatchObject({ code: 0, ids: ["e3", "e2", "e1"] });
  });

  it("refuses an aggregation the same way, counting its summed field", async () => {
    emulator.loadIndexes(PROJECT, JSON.stringify(TTL_ONLY));
    const structuredQuery = entries({ where: field("type", "EQUAL", { stringValue: "income" }) });
    const aggregate = (aggregations: unknown[]) =>
      client.call("RunAggregationQuery", {
        parent: PARENT,
        structuredAggregationQuery: { structuredQuery, aggregations },
      });
    expect((await aggregate([{ alias: "n", count: {} }])).code).toBe(0);
    const summed = await aggregate([{ alias: "total", sum: { field: { fieldPath: "amountMinor" } } }]);
    expect(summed.code).toBe(FAILED_PRECONDITION);
    expect(namedIndex(summed.details)).toEqual(
      index([
        ["type", "ASCENDING"],
        ["amountMinor", "ASCENDING"],
      ]),
    );
  });

  it("removes a Listen query target with the refusal as its cause", async () => {
    emulator.loadIndexes(PROJECT, JSON.stringify(TTL_ONLY));
    const [, query] = issueQueries[0] as (typeof issueQueries)[0];
    const stream = client.stream("Listen");
    const { messages } = drain(stream);
    stream.write({
      database: DATABASE,
      addTarget: { targetId: 1, query: { parent: PARENT, structuredQuery: query } },
    });
    await received(messages, 1);
    stream.end();
    expect(messages[0]).toMatchObject({
      targetChange: { targetChangeType: "REMOVE", targetIds: [1], cause: { code: FAILED_PRECONDITION } },
    });
  });

  it("keeps the previous configuration when the new one is invalid", async () => {
    emulator.loadIndexes(PROJECT, JSON.stringify(TTL_ONLY));
    expect(() => emulator.loadIndexes(PROJECT, '{"indexes":[{"fields":[]}]}')).toThrow(
      IndexConfigurationError,
    );
    const [, query] = issueQueries[0] as (typeof issueQueries)[0];
    expect((await runQuery(query)).code).toBe(FAILED_PRECONDITION);
  });
});

describe("without firestore.indexes.json", () => {
  it("serves every query, as the official emulator does", async () => {
    emulator.unloadIndexes(PROJECT);
    for (const [, query, , ids] of issueQueries) expect((await runQuery(query)).ids).toEqual(ids);
  });
});
