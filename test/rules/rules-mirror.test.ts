import { readFileSync } from "node:fs";
import { Timestamp } from "firebase-admin/firestore";
import {
  createEntrySchema,
  listEntriesQuerySchema,
  type Entry,
  documentPath,
  entryConverter,
  externalIdClaim,
} from "partner-api-functions/shared";
import { describe, expect, it } from "vitest";
import { EngineBackend, parseRulesFiles } from "./engine-backend.js";
import { actors, type Data, type Value } from "./world.js";

// firestore.rules restates the API's input bounds and the stored shape for direct writers. These pin
// each restated figure to the zod schema it mirrors, and what the API writes to what the rules accept.

const rulesFile = (name: string) => readFileSync(new URL(`../../${name}`, import.meta.url), "utf8");
const FIRESTORE_RULES = rulesFile("firestore.rules");

/** The one number `pattern` captures in firestore.rules. */
function rulesBound(pattern: RegExp): number {
  const found = [...FIRESTORE_RULES.matchAll(new RegExp(pattern.source, "g"))].map((match) =>
    Number(match[1]),
  );
  expect(found, `${pattern} in firestore.rules`).toHaveLength(1);
  return found[0] ?? NaN;
}

describe("firestore.rules' bounds equal the API's schemas", () => {
  const { amountMinor, description, category, externalId } = createEntrySchema.shape;

  it("amountMinor: 1..MAX_AMOUNT_MINOR", () => {
    expect(rulesBound(/entry\.amountMinor >= (\d+)/)).toBe(amountMinor.minValue);
    expect(rulesBound(/entry\.amountMinor <= (\d+)/)).toBe(amountMinor.maxValue);
  });

  it("description, category and externalId lengths", () => {
    expect(rulesBound(/entry\.description\.size\(\) <= (\d+)/)).toBe(description.maxLength);
    expect(rulesBound(/entry\.category\.size\(\) <= (\d+)/)).toBe(category.maxLength);
    expect(rulesBound(/externalId\.size\(\) >= (\d+)/)).toBe(externalId.unwrap().minLength);
    expect(rulesBound(/externalId\.size\(\) <= (\d+)/)).toBe(externalId.unwrap().maxLength);
  });

  it("a page holds at most as many documents as the API's largest page", () => {
    expect(rulesBound(/request\.query\.limit <= (\d+)/)).toBe(
      listEntriesQuerySchema.shape.limit.unwrap().maxValue,
    );
  });
});

describe("what the API writes passes the rules where they allow direct writes of it", () => {
  // The rules demand createdAt == updatedAt == request.time of a direct create: the API's clock here.
  const time = new Date("2026-11-21T08:30:00.000Z");
  const { firestore, storage } = parseRulesFiles(FIRESTORE_RULES, rulesFile("storage.rules"));
  const backend = new EngineBackend(firestore, storage, time);

  /** A stored document as the rules see it: Timestamps become the engine's timestamps (Dates). */
  const asRulesData = (stored: Record<string, unknown>): Data =>
    Object.fromEntries(
      Object.entries(stored).map(([field, value]) => [
        field,
        (value instanceof Timestamp ? value.toDate() : value) as Value,
      ]),
    );

  const apiEntry = (externalId: string | null): Entry => ({
    id: "e_api000000001",
    partnerId: "acme",
    externalId,
    type: "expense",
    amountMinor: 1_000_000_000_000,
    currency: "EUR",
    description: "d".repeat(500),
    category: "c".repeat(64),
    occurredAt: "2026-11-20T12:00:00.000Z",
    status: "posted",
    version: 1,
    createdAt: time.toISOString(),
    updatedAt: time.toISOString(),
  });

  it("an entry as the API creates it, at the bounds", async () => {
    const entry = apiEntry(null);
    const path = documentPath("entries", "acme", entry.id);
    await expect(
      backend.attempt({
        name: "API-shaped create",
        actor: actors.acme,
        op: { kind: "set", path, data: asRulesData(entryConverter.toFirestore(entry)) },
        expect: "allow",
      }),
    ).resolves.toBeUndefined();
  });

  it("an entry with an externalId and its claim, in one batch, as the API's transaction writes them", async () => {
    const entry = apiEntry("p".repeat(128));
    const sets = [
      {
        path: documentPath("entries", "acme", entry.id),
        data: asRulesData(entryConverter.toFirestore(entry)),
      },
      { path: documentPath("externalIds", "acme", "p".repeat(128)), data: externalIdClaim(entry.id) },
    ];
    await expect(
      backend.attempt({
        name: "API-shaped batch",
        actor: actors.acme,
        op: { kind: "batch", sets },
        expect: "allow",
      }),
    ).resolves.toBeUndefined();
  });
});
