import { describe, expect, it } from "vitest";
import {
  parseIndexConfiguration,
  type IndexConfiguration,
  type IndexField,
  type QueryScope,
} from "../src/query/index-configuration.js";
import { describeMissingIndex, missingIndex, type MissingIndex } from "../src/query/index-planner.js";
import type { Filter, StructuredQuery, Value } from "../src/types.js";

// The planner alone, on queries in wire form: each rule served one way and refused the other.

const OPS = {
  "==": "EQUAL",
  "!=": "NOT_EQUAL",
  "<": "LESS_THAN",
  ">": "GREATER_THAN",
  ">=": "GREATER_THAN_OR_EQUAL",
  in: "IN",
  "not-in": "NOT_IN",
  "array-contains": "ARRAY_CONTAINS",
  "array-contains-any": "ARRAY_CONTAINS_ANY",
} as const;

const value: Value = { stringValue: "x" };
const where = (fieldPath: string, op: keyof typeof OPS): Filter => ({
  fieldFilter: { field: { fieldPath }, op: OPS[op], value },
});
const or = (...filters: Filter[]): Filter => ({ compositeFilter: { op: "OR", filters } });
const and = (...filters: Filter[]): Filter => ({ compositeFilter: { op: "AND", filters } });

interface Shape {
  where?: Filter[];
  orderBy?: [string, "asc" | "desc"][];
  group?: boolean;
  collection?: string;
}

function query({
  where: filters = [],
  orderBy = [],
  group = false,
  collection = "entries",
}: Shape): StructuredQuery {
  return {
    from: [{ collectionId: collection, allDescendants: group }],
    ...(filters.length === 0 ? {} : { where: filters.length === 1 ? filters[0] : and(...filters) }),
    orderBy: orderBy.map(([fieldPath, dir]) => ({
      field: { fieldPath },
      direction: dir === "desc" ? "DESCENDING" : "ASCENDING",
    })),
  };
}

const NO_INDEXES: IndexConfiguration = { indexes: [], fieldOverrides: [] };
const asc = (fieldPath: string): IndexField => ({ fieldPath, order: "ASCENDING" });
const desc = (fieldPath: string): IndexField => ({ fieldPath, order: "DESCENDING" });
const contains = (fieldPath: string): IndexField => ({ fieldPath, arrayConfig: "CONTAINS" });

function withIndexes(...indexes: [string, IndexField[], QueryScope?][]): IndexConfiguration {
  return {
    indexes: indexes.map(([collectionGroup, fields, queryScope = "COLLECTION"]) => ({
      collectionGroup,
      queryScope,
      fields,
    })),
    fieldOverrides: [],
  };
}

function missing(config: IndexConfiguration, shape: Shape, aggregated: string[] = []): MissingIndex | null {
  const collectionGroup = shape.collection ?? "entries";
  const queryScope: QueryScope = shape.group ? "COLLECTION_GROUP" : "COLLECTION";
  return missingIndex(config, { collectionGroup, queryScope }, query(shape), aggregated);
}

const composite = (
  fields: IndexField[],
  queryScope: QueryScope = "COLLECTION",
  collectionGroup = "entries",
) => ({
  composite: { collectionGroup, queryScope, fields },
});

describe("automatic single-field indexes (collection scope, every field)", () => {
  it("serve one equality, one range, one order in either direction, and array-contains", () => {
    expect(missing(NO_INDEXES, { where: [where("status", "==")] })).toBeNull();
    expect(missing(NO_INDEXES, { where: [where("amountMinor", ">")] })).toBeNull();
    expect(
      missing(NO_INDEXES, { where: [where("amountMinor", ">")], orderBy: [["amountMinor", "desc"]] }),
    ).toBeNull();
    expect(missing(NO_INDEXES, { orderBy: [["createdAt", "asc"]] })).toBeNull();
    expect(missing(NO_INDEXES, { where: [where("tags", "array-contains")] })).toBeNull();
    expect(missing(NO_INDEXES, { where: [where("tags", "array-contains-any")] })).toBeNull();
    expect(missing(NO_INDEXES, { where: [where("status", "in")] })).toBeNull();
    expect(missing(NO_INDEXES, { where: [where("status", "!=")] })).toBeNull();
    expect(missing(NO_INDEXES, { where: [where("status", "not-in")] })).toBeNull();
  });

  it("serve a query with no filter or order, and one on the document name alone, in any direction", () => {
    expect(missing(NO_INDEXES, {})).toBeNull();
    expect(
      missing(NO_INDEXES, { where: [where("__name__", ">")], orderBy: [["__name__", "desc"]] }),
    ).toBeNull();
    expect(missing(NO_INDEXES, { group: true })).toBeNull();
  });

  it("end with __name__ in their own direction: newest-first pages are served, a mixed direction is not", () => {
    const newestFirst = {
      orderBy: [
        ["createdAt", "desc"],
        ["__name__", "desc"],
      ],
    } satisfies Shape;
    expect(missing(NO_INDEXES, newestFirst)).toBeNull();
    const mixed = {
      orderBy: [
        ["createdAt", "desc"],
        ["__name__", "asc"],
      ],
    } satisfies Shape;
    expect(missing(NO_INDEXES, mixed)).toEqual(composite([desc("createdAt"), asc("__name__")]));
    expect(missing(withIndexes(["entries", [desc("createdAt"), asc("__name__")]]), mixed)).toBeNull();
  });

  it("do not exist in collection-group scope (issue: collectionGroup('entries').where('partnerId', '==', …))", () => {
    const query = { group: true, where: [where("partnerId", "==")] } satisfies Shape;
    expect(missing(NO_INDEXES, query)).toEqual({
      fieldOverride: {
        collectionGroup: "entries",
        fieldPath: "partnerId",
        // Pasting it keeps the automatic indexes: an override replaces them all.
        indexes: [
          { order: "ASCENDING", queryScope: "COLLECTION" },
          { order: "DESCENDING", queryScope: "COLLECTION" },
          { arrayConfig: "CONTAINS", queryScope: "COLLECTION" },
          { order: "ASCENDING", queryScope: "COLLECTION_GROUP" },
        ],
      },
    });
    const override = missing(NO_INDEXES, query) as { fieldOverride: IndexConfiguration["fieldOverrides"][0] };
    expect(missing({ indexes: [], fieldOverrides: [override.fieldOverride] }, query)).toBeNull();
    expect(
      missing({ indexes: [], fieldOverrides: [override.fieldOverride] }, { ...query, group: false }),
    ).toBeNull();
  });
});

describe("field overrides", () => {
  const ttl = parseIndexConfiguration(
    JSON.stringify({
      fieldOverrides: [
        { collectionGroup: "idempotencyKeys", fieldPath: "expiresAt", ttl: true, indexes: [] },
      ],
    }),
  );

  it("with no indexes refuse a range on the field (issue: idempotencyKeys where expiresAt < …)", () => {
    const query = { collection: "idempotencyKeys", where: [where("expiresAt", "<")] } satisfies Shape;
    expect(missing(ttl, query)).toEqual({
      fieldOverride: {
        collectionGroup: "idempotencyKeys",
        fieldPath: "expiresAt",
        ttl: true,
        indexes: [{ order: "ASCENDING", queryScope: "COLLECTION" }],
      },
    });
    expect(missing(ttl, { collection: "idempotencyKeys", where: [where("expiresAt", "==")] })).not.toBeNull();
  });

  it("apply to their collection group only, and to the field's map subfields", () => {
    expect(missing(ttl, { collection: "entries", where: [where("expiresAt", "<")] })).toBeNull();
    expect(
      missing(ttl, { collection: "idempotencyKeys", where: [where("expiresAt.seconds", "<")] }),
    ).not.toBeNull();
    expect(missing(ttl, { collection: "idempotencyKeys", where: [where("expiresAtOther", "<")] })).toBeNull();
  });

  it("that keep one direction serve that direction only", () => {
    const ascOnly: IndexConfiguration = {
      indexes: [],
      fieldOverrides: [
        {
          collectionGroup: "entries",
          fieldPath: "createdAt",
          indexes: [{ order: "ASCENDING", queryScope: "COLLECTION" }],
        },
      ],
    };
    expect(missing(ascOnly, { orderBy: [["createdAt", "asc"]] })).toBeNull();
    expect(missing(ascOnly, { orderBy: [["createdAt", "desc"]] })).not.toBeNull();
  });
});

describe("index merging (equalities only)", () => {
  it("serves several equalities, array-contains among them, from single-field indexes", () => {
    expect(missing(NO_INDEXES, { where: [where("status", "=="), where("type", "==")] })).toBeNull();
    expect(missing(NO_INDEXES, { where: [where("tags", "array-contains"), where("type", "==")] })).toBeNull();
    expect(missing(NO_INDEXES, { where: [where("status", "=="), where("type", "in")] })).toBeNull();
  });

  it("serves equalities with an order from one composite index per equality, and refuses when one lacks", () => {
    const query = {
      where: [where("category", "=="), where("city", "==")],
      orderBy: [["stars", "desc"]],
    } satisfies Shape;
    const both = withIndexes(
      ["entries", [asc("category"), desc("stars")]],
      ["entries", [asc("city"), desc("stars")]],
    );
    expect(missing(both, query)).toBeNull();
    const one = withIndexes(["entries", [asc("category"), desc("stars")]]);
    expect(missing(one, query)).toEqual(composite([asc("category"), asc("city"), desc("stars")]));
  });

  it("does not apply with a range filter: one index must hold every equality", () => {
    const query = {
      where: [where("category", "=="), where("city", "=="), where("stars", ">")],
    } satisfies Shape;
    const perField = withIndexes(
      ["entries", [asc("category"), asc("stars")]],
      ["entries", [asc("city"), asc("stars")]],
    );
    expect(missing(perField, query)).toEqual(composite([asc("category"), asc("city"), asc("stars")]));
    const whole = withIndexes(["entries", [asc("city"), asc("category"), asc("stars")]]);
    expect(missing(whole, query)).toBeNull();
  });
});

describe("composite indexes", () => {
  it("equality with an order on another field (issue: type == income, orderBy occurredAt desc)", () => {
    const query = { where: [where("type", "==")], orderBy: [["occurredAt", "desc"]] } satisfies Shape;
    const index = [asc("type"), desc("occurredAt")];
    expect(missing(NO_INDEXES, query)).toEqual(composite(index));
    expect(missing(withIndexes(["entries", index]), query)).toBeNull();
    // An equality field's direction in the index does not matter; the order's does.
    expect(missing(withIndexes(["entries", [desc("type"), desc("occurredAt")]]), query)).toBeNull();
    expect(missing(withIndexes(["entries", [asc("type"), asc("occurredAt")]]), query)).not.toBeNull();
    // The index belongs to its collection group.
    expect(missing(withIndexes(["other", index]), query)).not.toBeNull();
  });

  it("equality with a range on another field (issue: status == posted, amountMinor > 10)", () => {
    const query = { where: [where("status", "=="), where("amountMinor", ">")] } satisfies Shape;
    const index = [asc("status"), asc("amountMinor")];
    expect(missing(NO_INDEXES, query)).toEqual(composite(index));
    expect(missing(withIndexes(["entries", index]), query)).toBeNull();
  });

  it("orders on two fields (issue: orderBy category, orderBy createdAt desc)", () => {
    const query = {
      orderBy: [
        ["category", "asc"],
        ["createdAt", "desc"],
      ],
    } satisfies Shape;
    const index = [asc("category"), desc("createdAt")];
    expect(missing(NO_INDEXES, query)).toEqual(composite(index));
    expect(missing(withIndexes(["entries", index]), query)).toBeNull();
    // Field order matters; an index is not read backwards.
    expect(missing(withIndexes(["entries", [desc("createdAt"), asc("category")]]), query)).not.toBeNull();
    expect(missing(withIndexes(["entries", [desc("category"), asc("createdAt")]]), query)).not.toBeNull();
  });

  it("a range on one field and an order on another", () => {
    const query = { where: [where("amountMinor", ">")], orderBy: [["createdAt", "desc"]] } satisfies Shape;
    // The range field is ordered (ascending) after the explicit orders, as the query engine orders it.
    expect(missing(NO_INDEXES, query)).toEqual(composite([desc("createdAt"), asc("amountMinor")]));
  });

  it("!= with other orders (issue: status != void, orderBy status, orderBy createdAt desc)", () => {
    const query = {
      where: [where("status", "!=")],
      orderBy: [
        ["status", "asc"],
        ["createdAt", "desc"],
      ],
    } satisfies Shape;
    const index = [asc("status"), desc("createdAt")];
    expect(missing(NO_INDEXES, query)).toEqual(composite(index));
    expect(missing(withIndexes(["entries", index]), query)).toBeNull();
    expect(
      missing(NO_INDEXES, { where: [where("status", "not-in")], orderBy: [["createdAt", "asc"]] }),
    ).toEqual(composite([asc("createdAt"), asc("status")]));
  });

  it("array-contains with an order or a range: the array field comes first, as CONTAINS", () => {
    const ordered = {
      where: [where("tags", "array-contains")],
      orderBy: [["createdAt", "desc"]],
    } satisfies Shape;
    expect(missing(NO_INDEXES, ordered)).toEqual(composite([contains("tags"), desc("createdAt")]));
    expect(missing(withIndexes(["entries", [contains("tags"), desc("createdAt")]]), ordered)).toBeNull();
    expect(missing(withIndexes(["entries", [asc("tags"), desc("createdAt")]]), ordered)).not.toBeNull();
    const ranged = {
      where: [where("tags", "array-contains-any"), where("amountMinor", ">")],
    } satisfies Shape;
    expect(missing(NO_INDEXES, ranged)).toEqual(composite([contains("tags"), asc("amountMinor")]));
  });

  it("several range fields, ordered by field path", () => {
    const query = { where: [where("b", ">"), where("a", "<")] } satisfies Shape;
    expect(missing(NO_INDEXES, query)).toEqual(composite([asc("a"), asc("b")]));
    expect(missing(withIndexes(["entries", [asc("a"), asc("b")]]), query)).toBeNull();
  });

  it("collection-group scope: only an index of that scope serves it", () => {
    const query = {
      group: true,
      where: [where("type", "==")],
      orderBy: [["createdAt", "desc"]],
    } satisfies Shape;
    const index = [asc("type"), desc("createdAt")];
    expect(missing(NO_INDEXES, query)).toEqual(composite(index, "COLLECTION_GROUP"));
    expect(missing(withIndexes(["entries", index]), query)).not.toBeNull();
    expect(missing(withIndexes(["entries", index, "COLLECTION_GROUP"]), query)).toBeNull();
    expect(
      missing(withIndexes(["entries", index, "COLLECTION_GROUP"]), { ...query, group: false }),
    ).not.toBeNull();
  });

  it("__name__ is implied last in the last field's direction; another direction must be declared", () => {
    const query = {
      where: [where("type", "==")],
      orderBy: [
        ["occurredAt", "desc"],
        ["__name__", "asc"],
      ],
    } satisfies Shape;
    expect(missing(withIndexes(["entries", [asc("type"), desc("occurredAt")]]), query)).toEqual(
      composite([asc("type"), desc("occurredAt"), asc("__name__")]),
    );
    expect(
      missing(withIndexes(["entries", [asc("type"), desc("occurredAt"), asc("__name__")]]), query),
    ).toBeNull();
    const implied = { where: [where("type", "==")], orderBy: [["occurredAt", "desc"]] } satisfies Shape;
    expect(
      missing(withIndexes(["entries", [asc("type"), desc("occurredAt"), desc("__name__")]]), implied),
    ).toBeNull();
  });

  it("an equality on an ordered field is served by the order", () => {
    expect(missing(NO_INDEXES, { where: [where("type", "==")], orderBy: [["type", "desc"]] })).toBeNull();
    const query = {
      where: [where("type", "=="), where("testId", "==")],
      orderBy: [["type", "asc"]],
    } satisfies Shape;
    expect(missing(withIndexes(["entries", [asc("testId"), asc("type")]]), query)).toBeNull();
  });

  it("every disjunct of an OR must be served", () => {
    const query = { where: [or(where("a", "=="), where("b", ">"))], orderBy: [["b", "asc"]] } satisfies Shape;
    expect(missing(NO_INDEXES, query)).toEqual(composite([asc("a"), asc("b")]));
    expect(missing(withIndexes(["entries", [asc("a"), asc("b")]]), query)).toBeNull();
  });

  it("sum and avg fields follow the orders", () => {
    const query = { where: [where("type", "==")] } satisfies Shape;
    expect(missing(NO_INDEXES, query, ["amountMinor"])).toEqual(composite([asc("type"), asc("amountMinor")]));
    expect(
      missing(withIndexes(["entries", [asc("type"), asc("amountMinor")]]), query, ["amountMinor"]),
    ).toBeNull();
    expect(missing(NO_INDEXES, {}, ["amountMinor"])).toBeNull();
    // A field fixed by an equality (here `in`) or ordered is in the index already.
    expect(missing(NO_INDEXES, { where: [where("rating", "in")] }, ["rating"])).toBeNull();
    expect(missing(NO_INDEXES, { where: [where("rating", ">")] }, ["rating"])).toBeNull();
    expect(missing(NO_INDEXES, { where: [where("rating", "array-contains-any")] }, ["rating"])).toEqual(
      composite([contains("rating"), asc("rating")]),
    );
  });
});

describe("firestore.indexes.json", () => {
  it("is read as firebase deploy reads it: queryScope defaults to COLLECTION, vector indexes are not used", () => {
    const config = parseIndexConfiguration(
      JSON.stringify({
        indexes: [
          {
            collectionGroup: "entries",
            fields: [
              { fieldPath: "type", order: "ASCENDING" },
              { fieldPath: "x", order: "DESCENDING" },
            ],
          },
          {
            collectionGroup: "docs",
            queryScope: "COLLECTION",
            fields: [{ fieldPath: "v", vectorConfig: { dimension: 3, flat: {} } }],
          },
        ],
      }),
    );
    expect(config).toEqual({
      indexes: [{ collectionGroup: "entries", queryScope: "COLLECTION", fields: [asc("type"), desc("x")] }],
      fieldOverrides: [],
    });
  });

  it("refuses a file firebase deploy would refuse, naming the entry", () => {
    expect(() => parseIndexConfiguration("{")).toThrow(/not JSON/);
    expect(() =>
      parseIndexConfiguration(
        JSON.stringify({ indexes: [{ collectionGroup: "e", fields: [{ fieldPath: "a", order: "UP" }] }] }),
      ),
    ).toThrow("indexes[0].fields[0]: order must be ASCENDING or DESCENDING");
    expect(() =>
      parseIndexConfiguration(JSON.stringify({ fieldOverrides: [{ fieldPath: "a", indexes: [] }] })),
    ).toThrow("fieldOverrides[0].collectionGroup: expected a non-empty string");
  });

  it("names the missing index in a message a developer can paste from", () => {
    const message = describeMissingIndex(composite([asc("type"), desc("occurredAt")]));
    expect(message).toMatch(
      /^The query requires an index\. Add it to "indexes" in firestore\.indexes\.json: /,
    );
    expect(JSON.parse(message.slice(message.indexOf("{")))).toEqual({
      collectionGroup: "entries",
      queryScope: "COLLECTION",
      fields: [asc("type"), desc("occurredAt")],
    });
  });
});
