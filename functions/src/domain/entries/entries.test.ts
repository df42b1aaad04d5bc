import { describe, expect, it } from "vitest";
import { createInMemoryEntries } from "../../data/entries/in-memory-entries.js";
import { GRPC_STATUS } from "../../firebase-errors.js";
import { anEntry, ENTRY_INPUT } from "../../testing/entry-fixtures.js";
import { createFakeClock } from "../../testing/fake-clock.js";
import {
  createEntry,
  listEntries,
  listEntryVersions,
  updateEntry,
  type LedgerDeps,
  type WriteContext,
} from "./entries.js";
import type { EntriesRepository } from "./ports.js";
import { RequestDeadline } from "../request-deadline.js";
import { apiErrorOf } from "../../testing/api-error-of.js";

const PARTNER = "acme";
const actor = { uid: "uid-1", partnerId: PARTNER, requestId: "req-1" };
const write = (): WriteContext => ({ actor, deadline: new RequestDeadline() });
const isVersion = (version: number) => (current: { version: number }) => current.version === version;

function ledger(wrap: (entries: EntriesRepository) => EntriesRepository = (entries) => entries) {
  const clock = createFakeClock();
  const stored = createInMemoryEntries();
  let ids = 0;
  const deps: LedgerDeps = {
    entries: wrap(stored),
    clock: clock.now,
    newEntryId: () => `e_${++ids}`,
  };
  return { deps, stored, clock };
}

// As the server SDKs do when a commit landed but its answer was lost: the whole work runs again.
const retriedAfterLostAnswer = (entries: EntriesRepository): EntriesRepository => ({
  ...entries,
  runTransaction: async (work, deadline) => {
    await entries.runTransaction(work, deadline);
    return entries.runTransaction(work, deadline);
  },
});

describe("createEntry", () => {
  it("answers the entry an earlier attempt committed when the transaction runs again, creating one", async () => {
    const { deps, stored } = ledger(retriedAfterLostAnswer);
    const result = await createEntry(deps, PARTNER, ENTRY_INPUT, null, write());
    expect(result).toEqual({ entry: await stored.getEntry(PARTNER, "e_1"), replayed: false });
    expect(await stored.listEntries(PARTNER, 10, null)).toHaveLength(1);
    expect(await stored.listVersions(PARTNER, "e_1", 10, null)).toHaveLength(1);
  });

  it("creates the entry when an earlier attempt's sent commit was aborted and applied nothing", async () => {
    const { deps, stored } = ledger((entries) => ({
      ...entries,
      runTransaction: (work, deadline) => {
        // An earlier attempt got as far as sending its commit, which Firestore aborted.
        deadline?.beforeCommit();
        return entries.runTransaction(work, deadline);
      },
    }));
    const { entry } = await createEntry(deps, PARTNER, ENTRY_INPUT, null, write());
    expect(entry).toMatchObject({ id: "e_1", version: 1 });
    expect(await stored.getEntry(PARTNER, "e_1")).toEqual(entry);
  });

  it("never answers an existing entry as created when its fresh id is already taken", async () => {
    const { deps, stored } = ledger();
    const existing = anEntry(PARTNER, "e_1", "2026-01-01T00:00:00.000Z", { description: "made directly" });
    await stored.runTransaction(async (tx) => tx.createEntry(existing));
    await expect(createEntry(deps, PARTNER, ENTRY_INPUT, null, write())).rejects.toMatchObject({
      code: GRPC_STATUS.ALREADY_EXISTS,
    });
    expect(await stored.listEntries(PARTNER, 10, null)).toEqual([
      expect.objectContaining({ entry: existing }),
    ]);
  });

  it("checks no externalId for an entry without one, even when another holds the text 'undefined'", async () => {
    const { deps, stored } = ledger();
    await createEntry(deps, PARTNER, { ...ENTRY_INPUT, externalId: "undefined" }, null, write());
    const { entry } = await createEntry(deps, PARTNER, ENTRY_INPUT, null, write());
    expect(entry).toMatchObject({ id: "e_2", externalId: null });
    expect(await stored.listEntries(PARTNER, 10, null)).toHaveLength(2);
  });
});

describe("updateEntry", () => {
  it("answers the correction an earlier attempt committed when the transaction runs again, applying it once", async () => {
    const { deps, stored, clock } = ledger(retriedAfterLostAnswer);
    const { entry } = await createEntry(deps, PARTNER, ENTRY_INPUT, null, write());
    clock.advance(1000);
    const updated = await updateEntry(deps, PARTNER, entry.id, { status: "void" }, isVersion(1), write());
    expect(updated).toEqual({ ...entry, status: "void", version: 2, updatedAt: clock.now().toISOString() });
    expect(await stored.getEntry(PARTNER, entry.id)).toEqual(updated);
    const versions = await stored.listVersions(PARTNER, entry.id, 10, null);
    expect(versions.map(({ version, action }) => [version, action])).toEqual([
      [1, "create"],
      [2, "update"],
    ]);
  });

  it("answers 412 naming If-Match for a stale precondition, and changes nothing", async () => {
    const { deps, stored } = ledger();
    const { entry } = await createEntry(deps, PARTNER, ENTRY_INPUT, null, write());
    const error = await apiErrorOf(
      updateEntry(deps, PARTNER, entry.id, { category: "x" }, isVersion(2), write()),
    );
    expect(error).toMatchObject({
      status: 412,
      code: "PRECONDITION_FAILED",
      detail: "The entry changed since the ETag given in If-Match.",
    });
    expect(await stored.getEntry(PARTNER, entry.id)).toEqual(entry);
    expect(await stored.listVersions(PARTNER, entry.id, 10, null)).toHaveLength(1);
  });

  it("answers 404 without a transaction for an id no Firestore document can have", async () => {
    let transactions = 0;
    const { deps } = ledger((entries) => ({
      ...entries,
      runTransaction: (work, deadline) => {
        transactions++;
        return entries.runTransaction(work, deadline);
      },
    }));
    for (const id of ["__reserved__", "x".repeat(1501), "."]) {
      const error = await apiErrorOf(updateEntry(deps, PARTNER, id, { category: "x" }, () => true, write()));
      expect(error).toMatchObject({ status: 404, detail: "No entry with this id exists." });
    }
    expect(transactions).toBe(0);
  });
});

describe("paging", () => {
  it("pages entries newest first by the last entry of each page, for pages longer than two", async () => {
    const { deps, clock } = ledger();
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      ids.unshift((await createEntry(deps, PARTNER, ENTRY_INPUT, null, write())).entry.id);
      clock.advance(1000);
    }
    const pages: string[][] = [];
    let pageToken: string | undefined;
    do {
      const page = await listEntries(deps, PARTNER, { limit: 3, pageToken });
      pages.push(page.data.map(({ id }) => id));
      pageToken = page.nextPageToken ?? undefined;
    } while (pageToken);
    expect(pages).toEqual([ids.slice(0, 3), ids.slice(3, 6), ids.slice(6)]);
  });

  it("pages an entry's history oldest first, the last full page without a next token", async () => {
    const { deps } = ledger();
    const { entry } = await createEntry(deps, PARTNER, ENTRY_INPUT, null, write());
    for (let version = 1; version < 6; version++) {
      await updateEntry(deps, PARTNER, entry.id, { description: `v${version + 1}` }, () => true, write());
    }
    const first = await listEntryVersions(deps, PARTNER, entry.id, { limit: 3 });
    expect(first.data.map(({ version }) => version)).toEqual([1, 2, 3]);
    expect(first.nextPageToken).toEqual(expect.any(String));
    const second = await listEntryVersions(deps, PARTNER, entry.id, {
      limit: 3,
      pageToken: first.nextPageToken ?? undefined,
    });
    expect(second.data.map(({ version }) => version)).toEqual([4, 5, 6]);
    expect(second.nextPageToken).toBeNull();
  });
});
