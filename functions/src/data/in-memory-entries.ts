import type { EntryVersion } from "../domain/entry-history.js";
import type { Entry } from "../domain/entry-schema.js";
import type {
  EntriesRepository,
  EntriesTransaction,
  IdempotencyRecord,
  ListedEntry,
} from "../domain/entries-repository.js";
import { cursorAt, newestFirst } from "../domain/page-token.js";
import { runAttempt } from "../domain/request-deadline.js";
import { createMemoryDatabase, type MemoryDatabase, type MemoryTransaction } from "./memory-database.js";

/**
 * The entries port in memory, for fast tests, with the Firestore implementation's semantics: the same
 * paths, the same newest-first order with the document id breaking ties, the same transactions.
 */
export function createInMemoryEntries(db: MemoryDatabase = createMemoryDatabase()): EntriesRepository {
  const partnerPath = (partnerId: string) => `partners/${partnerId}`;
  const entriesPath = (partnerId: string) => `${partnerPath(partnerId)}/entries`;
  const entryPath = (partnerId: string, id: string) => `${entriesPath(partnerId)}/${id}`;
  const idempotencyPath = (partnerId: string, keyHash: string) =>
    `${partnerPath(partnerId)}/idempotencyKeys/${keyHash}`;
  const versionsPath = (partnerId: string, entryId: string) => `${entryPath(partnerId, entryId)}/versions`;
  const externalIdPath = (partnerId: string, externalId: string) =>
    `${partnerPath(partnerId)}/externalIds/${externalId}`;

  const transactionView = (tx: MemoryTransaction): EntriesTransaction => ({
    getEntry: (partnerId, id) => tx.get<Entry>(entryPath(partnerId, id)),
    getIdempotencyRecord: (partnerId, keyHash) =>
      tx.get<IdempotencyRecord>(idempotencyPath(partnerId, keyHash)),
    getExternalIdHolder: async (partnerId, externalId) =>
      (await tx.get<{ entryId: string }>(externalIdPath(partnerId, externalId)))?.entryId ?? null,
    recordVersion: (partnerId, entryId, version) =>
      tx.create(`${versionsPath(partnerId, entryId)}/${version.version}`, version),
    createEntry(entry) {
      tx.create(entryPath(entry.partnerId, entry.id), entry);
      if (entry.externalId !== null) {
        tx.create(externalIdPath(entry.partnerId, entry.externalId), { entryId: entry.id });
      }
    },
    updateEntry: (partnerId, id, changes) => tx.update(entryPath(partnerId, id), changes),
    putIdempotencyRecord: (partnerId, keyHash, record) => tx.set(idempotencyPath(partnerId, keyHash), record),
  });

  return {
    async getEntry(partnerId, id) {
      return db.get<Entry>(entryPath(partnerId, id));
    },
    async listEntries(partnerId, limit, after) {
      return (
        db
          .list<Entry>(entriesPath(partnerId))
          // Entries here come only through the API, whose clock has milliseconds, so the stored ISO time is
          // the entry's exact creation time.
          .map(({ data }): ListedEntry => ({ entry: data, cursor: cursorAt(data.createdAt, data.id) }))
          .sort((a, b) => newestFirst(a.cursor, b.cursor))
          .filter(({ cursor }) => !after || newestFirst(cursor, after) > 0)
          .slice(0, limit)
      );
    },
    async listVersions(partnerId, entryId, limit, after) {
      return db
        .list<EntryVersion>(versionsPath(partnerId, entryId))
        .map(({ data }) => data)
        .sort((a, b) => a.version - b.version)
        .filter((version) => after === null || version.version > after)
        .slice(0, limit);
    },
    runTransaction: (work, deadline) =>
      db.runTransaction((tx) => runAttempt(deadline, () => work(transactionView(tx)))),
  };
}
