import { isDeepStrictEqual } from "node:util";
import { ApiError, assert } from "../errors.js";
import type { EntriesRepository, EntryChanges, EntryCursor } from "./entries-repository.js";
import { changeVersion, creationVersion, type Actor, type EntryVersion } from "./entry-history.js";
import type { CreateEntryInput, Entry, ListEntriesQuery, UpdateEntryInput } from "./entry-schema.js";
import { isDocumentId } from "./document-id.js";
import { IDEMPOTENCY_WINDOW_MS } from "./idempotency.js";
import {
  decodePageToken,
  decodeVersionPageToken,
  encodePageToken,
  encodeVersionPageToken,
} from "./page-token.js";
import type { RequestDeadline } from "./request-deadline.js";

/** What the ledger operations need from the outside world, passed in so tests can choose. */
export interface LedgerDeps {
  entries: EntriesRepository;
  clock: () => Date;
  newEntryId: () => string;
}

export interface IdempotencyRequest {
  keyHash: string;
  requestHash: string;
}

/** What every write carries from its request: who makes it (for its history) and its deadline. */
export interface WriteContext {
  actor: Actor;
  deadline: RequestDeadline;
}

export interface CreateResult {
  entry: Entry;
  replayed: boolean;
}

const notFound = () => new ApiError("NOT_FOUND", "No entry with this id exists.");

/**
 * Creates an entry. With an idempotency key, the entry and the stored response commit in one
 * transaction, so concurrent duplicates serialize on the key document and create one entry at most.
 * An externalId is claimed in the same transaction; a taken one is 409 naming its entry. A replay is
 * checked first, so repeating a create with its key answers the first response, not that 409.
 */
export async function createEntry(
  deps: LedgerDeps,
  partnerId: string,
  input: CreateEntryInput,
  idempotency: IdempotencyRequest | null,
  write: WriteContext,
): Promise<CreateResult> {
  // One id for every attempt of this request. When the SDK retries after a commit whose answer was
  // lost, the retry finds that entry and returns it rather than writing a second one.
  const id = deps.newEntryId();
  return deps.entries.runTransaction(async (tx) => {
    if (write.deadline.commitSent) {
      const landed = await tx.getEntry(partnerId, id);
      if (landed) return { entry: landed, replayed: false };
    }
    const now = deps.clock();
    if (idempotency) {
      const record = await tx.getIdempotencyRecord(partnerId, idempotency.keyHash);
      if (record && Date.parse(record.expiresAt) > now.getTime()) {
        if (record.requestHash !== idempotency.requestHash) {
          throw new ApiError(
            "IDEMPOTENCY_KEY_REUSED",
            "This Idempotency-Key was already used with a different request body.",
          );
        }
        return { entry: record.body, replayed: true };
      }
    }
    if (input.externalId !== undefined) {
      // Read in the transaction, so concurrent creates with one externalId serialize on its document.
      const holder = await tx.getExternalIdHolder(partnerId, input.externalId);
      if (holder) {
        throw new ApiError("DUPLICATE_EXTERNAL_ID", `Entry ${holder} already has this externalId.`, {
          entryId: holder,
          errors: [{ field: "externalId", message: `is already used by entry ${holder}` }],
        });
      }
    }
    const entry = newEntry(id, partnerId, input, now);
    tx.createEntry(entry);
    tx.recordVersion(partnerId, entry.id, creationVersion(entry, write.actor));
    if (idempotency) {
      tx.putIdempotencyRecord(partnerId, idempotency.keyHash, {
        requestHash: idempotency.requestHash,
        status: 201,
        body: entry,
        expiresAt: new Date(now.getTime() + IDEMPOTENCY_WINDOW_MS).toISOString(),
      });
    }
    return { entry, replayed: false };
  }, write.deadline);
}

/** One of the partner's entries, or a 404 (also for another partner's entry). */
export async function getEntry(deps: LedgerDeps, partnerId: string, id: string): Promise<Entry> {
  if (!isDocumentId(id)) throw notFound();
  const entry = await deps.entries.getEntry(partnerId, id);
  if (!entry) throw notFound();
  return entry;
}

/** A page of the partner's entries, newest first; reads at most limit + 1 documents. */
export async function listEntries(
  deps: LedgerDeps,
  partnerId: string,
  query: ListEntriesQuery,
): Promise<{ data: Entry[]; nextPageToken: string | null }> {
  const after: EntryCursor | null = query.pageToken ? decodePageToken(query.pageToken) : null;
  // One extra document tells whether another page exists, so the last page has no empty follower.
  const found = await deps.entries.listEntries(partnerId, query.limit + 1, after);
  const page = found.slice(0, query.limit);
  const last = page.at(-1);
  const nextPageToken = found.length > query.limit && last ? encodePageToken(last.cursor) : null;
  return { data: page.map(({ entry }) => entry), nextPageToken };
}

/** A page of an entry's history, oldest first; 404 for another partner's entry or a missing one. */
export async function listEntryVersions(
  deps: LedgerDeps,
  partnerId: string,
  entryId: string,
  query: ListEntriesQuery,
): Promise<{ data: EntryVersion[]; nextPageToken: string | null }> {
  const after = query.pageToken ? decodeVersionPageToken(query.pageToken) : null;
  const [, found] = await Promise.all([
    getEntry(deps, partnerId, entryId),
    deps.entries.listVersions(partnerId, entryId, query.limit + 1, after),
  ]);
  const data = found.slice(0, query.limit);
  const last = data.at(-1);
  return {
    data,
    nextPageToken: found.length > query.limit && last ? encodeVersionPageToken(last.version) : null,
  };
}

/**
 * Applies a correction in one read-check-write transaction, so concurrent updates never lose one
 * another and a stale precondition changes nothing. Every accepted update bumps `version`.
 */
export async function updateEntry(
  deps: LedgerDeps,
  partnerId: string,
  id: string,
  patch: UpdateEntryInput,
  precondition: (current: Entry) => boolean,
  write: WriteContext,
): Promise<Entry> {
  if (!isDocumentId(id)) throw notFound();
  // What this request's attempts wrote: a retry that finds one of them (an earlier commit landed and
  // its answer was lost) returns it instead of applying the correction twice.
  // Stryker disable next-line ArrayDeclaration: a seeded non-Entry element never equals a stored entry
  const written: Entry[] = [];
  return deps.entries.runTransaction(async (tx) => {
    const current = await tx.getEntry(partnerId, id);
    if (!current) throw notFound();
    if (written.some((entry) => isDeepStrictEqual(entry, current))) return current;
    assert(
      precondition(current),
      "PRECONDITION_FAILED",
      "The entry changed since the ETag given in If-Match.",
    );
    const changes: EntryChanges = {
      ...definedFields(patch),
      version: current.version + 1,
      updatedAt: deps.clock().toISOString(),
    };
    const updated: Entry = { ...current, ...changes };
    tx.updateEntry(partnerId, id, changes);
    tx.recordVersion(partnerId, id, changeVersion(current, updated, write.actor));
    written.push(updated);
    return updated;
  }, write.deadline);
}

function newEntry(id: string, partnerId: string, input: CreateEntryInput, now: Date): Entry {
  const at = now.toISOString();
  return {
    id,
    partnerId,
    externalId: input.externalId ?? null,
    type: input.type,
    amountMinor: input.amountMinor,
    currency: input.currency,
    description: input.description,
    category: input.category,
    occurredAt: new Date(input.occurredAt).toISOString(),
    status: "posted",
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
}

function definedFields<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<T>;
}
