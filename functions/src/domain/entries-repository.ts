import type { EntryVersion } from "./entry-history.js";
import type { Entry } from "./entry-schema.js";
import type { RequestDeadline } from "./request-deadline.js";

/**
 * The entries port: a partner's entries and the stored responses of its Idempotency-Keys, read and
 * written in transactions. Implemented over Firestore and in memory (data/), with the same semantics.
 */

/** A stored response to replay for an Idempotency-Key. */
export interface IdempotencyRecord {
  requestHash: string;
  status: number;
  body: Entry;
  expiresAt: string;
}

/**
 * Where a page of entries starts: just after this (createdAt, id) position, newest first. createdAt
 * keeps the timestamp's full precision: entries created directly carry microseconds (and a batch
 * gives several one instant), which a millisecond cursor would merge and skip.
 */
export interface EntryCursor {
  createdAt: { seconds: number; nanoseconds: number };
  id: string;
}

/** A listed entry with the cursor that continues the listing just after it. */
export interface ListedEntry {
  entry: Entry;
  cursor: EntryCursor;
}

/**
 * What a correction writes: the fields it changes, the bumped version and the time of the change.
 * Nothing else is written, so what an entry was created with (timestamps with microseconds, from a
 * direct writer's `request.time`) stays exactly as it was.
 */
export type EntryChanges = Partial<Pick<Entry, "description" | "category" | "status">> &
  Pick<Entry, "version" | "updatedAt">;

/** Reads and writes inside one transaction; all reads must come before writes. */
export interface EntriesTransaction {
  getEntry(partnerId: string, id: string): Promise<Entry | null>;
  getIdempotencyRecord(partnerId: string, keyHash: string): Promise<IdempotencyRecord | null>;
  /** The id of the entry holding this externalId, or null when it is free. */
  getExternalIdHolder(partnerId: string, externalId: string): Promise<string | null>;
  /** Records one version of an entry's history (versions/{n}); versions are never rewritten. */
  recordVersion(partnerId: string, entryId: string, version: EntryVersion): void;
  /** Creates the entry, and the claim on its externalId (if any) that keeps it unique. */
  createEntry(entry: Entry): void;
  /** Writes only `changes` into the existing entry. */
  updateEntry(partnerId: string, id: string, changes: EntryChanges): void;
  putIdempotencyRecord(partnerId: string, keyHash: string, record: IdempotencyRecord): void;
}

export interface EntriesRepository {
  getEntry(partnerId: string, id: string): Promise<Entry | null>;
  /** Up to `limit` entries, newest first, after the cursor; reads at most `limit` documents. */
  listEntries(partnerId: string, limit: number, after: EntryCursor | null): Promise<ListedEntry[]>;
  /** Up to `limit` versions of an entry, oldest first, after version `after`. */
  listVersions(
    partnerId: string,
    entryId: string,
    limit: number,
    after: number | null,
  ): Promise<EntryVersion[]>;
  /**
   * Runs `work` serializably, retrying it on contention; its writes commit together or not at all.
   * Under a request's deadline, each attempt's commit is sent only as the deadline allows, so a
   * request it already answered rolls back.
   */
  runTransaction<T>(work: (tx: EntriesTransaction) => Promise<T>, deadline?: RequestDeadline): Promise<T>;
}
