import {
  Timestamp,
  type DocumentData,
  type DocumentSnapshot,
  type Firestore,
  type Transaction,
} from "firebase-admin/firestore";
import type { EntriesRepository, EntriesTransaction } from "../domain/entries-repository.js";
import type { EntryVersion } from "../domain/entry-history.js";
import type { Entry } from "../domain/entry-schema.js";
import { runAttempt } from "../domain/request-deadline.js";
import { newestFirstPage } from "./newest-first-page.js";

/**
 * The entries port over Firestore: the only code that knows where a partner's entries, their history
 * (`versions`), their externalId claims and the stored Idempotency-Key responses live, and the stored
 * shape of each. Timestamps are Firestore Timestamps at rest and RFC 3339 strings above this layer.
 */
export function createEntriesRepository(db: Firestore): EntriesRepository {
  const partnerDoc = (partnerId: string) => db.collection("partners").doc(partnerId);
  const entries = (partnerId: string) => partnerDoc(partnerId).collection("entries");
  const idempotencyDoc = (partnerId: string, keyHash: string) =>
    partnerDoc(partnerId).collection("idempotencyKeys").doc(keyHash);
  const versions = (partnerId: string, entryId: string) =>
    entries(partnerId).doc(entryId).collection("versions");
  // The same claim firestore.rules demands of direct writers, in the shape it checks: { entryId } only.
  const externalIdDoc = (partnerId: string, externalId: string) =>
    partnerDoc(partnerId).collection("externalIds").doc(externalId);

  const transactionView = (tx: Transaction): EntriesTransaction => ({
    async getEntry(partnerId, id) {
      return entryFrom(await tx.get(entries(partnerId).doc(id)));
    },
    async getIdempotencyRecord(partnerId, keyHash) {
      const data = (await tx.get(idempotencyDoc(partnerId, keyHash))).data();
      if (!data) return null;
      return {
        requestHash: data.requestHash,
        status: data.status,
        body: JSON.parse(data.body) as Entry,
        expiresAt: iso(data.expiresAt),
      };
    },
    async getExternalIdHolder(partnerId, externalId) {
      const data = (await tx.get(externalIdDoc(partnerId, externalId))).data();
      return data ? String(data.entryId) : null;
    },
    recordVersion(partnerId, entryId, version) {
      tx.create(versions(partnerId, entryId).doc(String(version.version)), fromVersion(version));
    },
    createEntry(entry) {
      tx.create(entries(entry.partnerId).doc(entry.id), fromEntry(entry));
      if (entry.externalId !== null) {
        tx.create(externalIdDoc(entry.partnerId, entry.externalId), { entryId: entry.id });
      }
    },
    updateEntry(partnerId, id, { updatedAt, ...changes }) {
      tx.update(entries(partnerId).doc(id), {
        ...changes,
        updatedAt: Timestamp.fromDate(new Date(updatedAt)),
      });
    },
    putIdempotencyRecord(partnerId, keyHash, record) {
      // The body is stored as a JSON string so the replay is byte-for-byte the first response.
      // expiresAt is the Firestore TTL field (see firestore.indexes.json) that deletes old keys.
      tx.set(idempotencyDoc(partnerId, keyHash), {
        requestHash: record.requestHash,
        status: record.status,
        body: JSON.stringify(record.body),
        expiresAt: Timestamp.fromDate(new Date(record.expiresAt)),
      });
    },
  });

  return {
    async getEntry(partnerId, id) {
      return entryFrom(await entries(partnerId).doc(id).get());
    },
    async listEntries(partnerId, limit, after) {
      const page = await newestFirstPage(entries(partnerId), limit, after, (doc) =>
        toEntry(doc.id, doc.data()),
      );
      return page.map(({ item, cursor }) => ({ entry: item, cursor }));
    },
    async listVersions(partnerId, entryId, limit, after) {
      let query = versions(partnerId, entryId).orderBy("version", "asc");
      if (after !== null) query = query.startAfter(after);
      const snap = await query.limit(limit).get();
      return snap.docs.map((doc) => toVersion(doc.data()));
    },
    runTransaction: (work, deadline) =>
      db.runTransaction((tx) => runAttempt(deadline, () => work(transactionView(tx)))),
  };
}

/** An entry document as the API returns it, or null when it does not exist (also for triggers). */
export function entryFrom(snap: DocumentSnapshot): Entry | null {
  const data = snap.data();
  return data ? toEntry(snap.id, data) : null;
}

function iso(value: unknown): string {
  return (value as Timestamp).toDate().toISOString();
}

function toEntry(id: string, data: DocumentData): Entry {
  return {
    id,
    partnerId: data.partnerId,
    externalId: data.externalId ?? null,
    type: data.type,
    amountMinor: data.amountMinor,
    currency: data.currency,
    description: data.description,
    category: data.category,
    occurredAt: iso(data.occurredAt),
    status: data.status,
    version: data.version,
    createdAt: iso(data.createdAt),
    updatedAt: iso(data.updatedAt),
  };
}

function fromEntry(entry: Entry): DocumentData {
  const { id: _id, externalId, ...fields } = entry;
  return {
    ...fields,
    // An absent externalId is left out rather than stored as null, as firestore.rules expects.
    ...(externalId === null ? {} : { externalId }),
    occurredAt: Timestamp.fromDate(new Date(entry.occurredAt)),
    createdAt: Timestamp.fromDate(new Date(entry.createdAt)),
    updatedAt: Timestamp.fromDate(new Date(entry.updatedAt)),
  };
}

// Entry fields that are Firestore timestamps at rest; a version's before and after store them alike.
const TIMESTAMP_FIELDS = new Set(["occurredAt", "createdAt", "updatedAt"]);

function fromVersion(version: EntryVersion): DocumentData {
  const changes = Object.fromEntries(
    Object.entries(version.changes).map(([field, { before, after }]) => {
      const stored = (value: unknown) =>
        TIMESTAMP_FIELDS.has(field) && typeof value === "string"
          ? Timestamp.fromDate(new Date(value))
          : value;
      return [field, { before: stored(before), after: stored(after) }];
    }),
  );
  return { ...version, changes, at: Timestamp.fromDate(new Date(version.at)) };
}

function toVersion(data: DocumentData): EntryVersion {
  const changes = Object.fromEntries(
    Object.entries(data.changes as Record<string, { before: unknown; after: unknown }>).map(
      ([field, { before, after }]) => {
        const read = (value: unknown) => (value instanceof Timestamp ? iso(value) : value);
        return [field, { before: read(before), after: read(after) }];
      },
    ),
  );
  return { version: data.version, action: data.action, changes, actor: data.actor, at: iso(data.at) };
}
