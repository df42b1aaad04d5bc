import { randomUUID } from "node:crypto";
import { Timestamp } from "firebase-admin/firestore";
import { describe, expect, it } from "vitest";
import { listEntries, listEntryVersions, updateEntry, type LedgerDeps } from "../domain/entries.js";
import { RequestDeadline } from "../domain/request-deadline.js";
import { ENTRY_INPUT } from "../testing/entry-fixtures.js";
import { useEmbeddedFirestore } from "../testing/embedded-firestore.js";
import { createEntriesRepository } from "./entries-repository.js";

// A correction through the API of an entry a partner wrote directly: its timestamps carry microseconds
// (request.time), which the API's RFC 3339 strings (milliseconds) cannot hold. The correction must
// write only what it changes, so the entry keeps its place in the newest-first order.

const firestore = useEmbeddedFirestore();

const actor = { uid: "u1", partnerId: "acme", requestId: "req_1" };

/** Stores an entry as a direct writer under the rules would: timestamps with microseconds. */
async function directEntry(partnerId: string, id: string, micros: number) {
  const at = new Timestamp(1_795_000_000, micros * 1000);
  await firestore()
    .doc(`partners/${partnerId}/entries/${id}`)
    .set({
      ...ENTRY_INPUT,
      partnerId,
      occurredAt: new Timestamp(1_794_000_000, 123_456_000),
      status: "posted",
      version: 1,
      createdAt: at,
      updatedAt: at,
    });
}

describe("a correction of a directly written entry, on Firestore", () => {
  it("writes only the changed field, version and updatedAt; createdAt and occurredAt keep their microseconds, and a page walk across it sees each entry once", async () => {
    const partnerId = `p-${randomUUID().slice(0, 8)}`;
    // Three entries 1 µs apart: the same millisecond, so a millisecond createdAt would reorder them.
    for (const [id, micros] of [
      ["a", 100_001],
      ["b", 100_002],
      ["c", 100_003],
    ] as const) {
      await directEntry(partnerId, id, micros);
    }
    const deps: LedgerDeps = {
      entries: createEntriesRepository(firestore()),
      clock: () => new Date("2026-12-01T00:00:00.000Z"),
      newEntryId: () => "unused",
    };
    const first = await listEntries(deps, partnerId, { limit: 1 });
    expect(first.data.map((entry) => entry.id)).toEqual(["c"]);

    await updateEntry(deps, partnerId, "b", { category: "fixed" }, () => true, {
      actor,
      deadline: new RequestDeadline(),
    });

    const raw = (await firestore().doc(`partners/${partnerId}/entries/b`).get()).data();
    expect(raw?.createdAt).toEqual(new Timestamp(1_795_000_000, 100_002_000));
    expect(raw?.occurredAt).toEqual(new Timestamp(1_794_000_000, 123_456_000));
    expect(raw?.category).toBe("fixed");
    expect(raw?.version).toBe(2);
    const rest = await listEntries(deps, partnerId, { limit: 5, pageToken: first.nextPageToken ?? "" });
    expect(rest.data.map((entry) => entry.id)).toEqual(["b", "a"]);
    const history = await listEntryVersions(deps, partnerId, "b", { limit: 10 });
    expect(history.data).toEqual([
      expect.objectContaining({ version: 2, changes: { category: { before: "sales", after: "fixed" } } }),
    ]);
  });
});
