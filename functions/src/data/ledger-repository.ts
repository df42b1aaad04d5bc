import {
  FieldPath,
  Timestamp,
  type DocumentData,
  type DocumentSnapshot,
  type Firestore,
  type Transaction,
} from "firebase-admin/firestore";
import type { EntriesRepository, EntriesTransaction } from "../domain/entries-repository.js";
import type { Entry } from "../domain/entry-schema.js";
import type { PartnersRepository } from "../domain/partners-repository.js";

/**
 * The Firestore implementation of the partners and entries ports: the only code that knows their
 * collection paths and the stored shape of documents. Timestamps are Firestore Timestamps at rest
 * and RFC 3339 strings everywhere above this layer.
 */
export type LedgerRepository = PartnersRepository & EntriesRepository;

export function createLedgerRepository(db: Firestore): LedgerRepository {
  const partnerDoc = (partnerId: string) => db.collection("partners").doc(partnerId);
  const entries = (partnerId: string) => partnerDoc(partnerId).collection("entries");
  const idempotencyDoc = (partnerId: string, keyHash: string) =>
    partnerDoc(partnerId).collection("idempotencyKeys").doc(keyHash);

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
    createEntry(entry) {
      tx.create(entries(entry.partnerId).doc(entry.id), fromEntry(entry));
    },
    updateEntry(entry) {
      tx.set(entries(entry.partnerId).doc(entry.id), fromEntry(entry));
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
    async getPartner(partnerId) {
      const snap = await partnerDoc(partnerId).get();
      if (!snap.exists) return null;
      const status = snap.get("status");
      return { id: partnerId, status: status === "active" ? "active" : "suspended" };
    },
    async getEntry(partnerId, id) {
      return entryFrom(await entries(partnerId).doc(id).get());
    },
    async listEntries(partnerId, limit, after) {
      // createdAt is fixed at creation, and the id breaks ties, so a cursor position never moves:
      // entries added while a client pages land before its cursor, never inside the pages ahead.
      let query = entries(partnerId).orderBy("createdAt", "desc").orderBy(FieldPath.documentId(), "desc");
      if (after) {
        const { seconds, nanoseconds } = after.createdAt;
        query = query.startAfter(new Timestamp(seconds, nanoseconds), after.id);
      }
      const snap = await query.limit(limit).get();
      return snap.docs.map((doc) => {
        const createdAt = doc.get("createdAt") as Timestamp;
        return {
          entry: toEntry(doc.id, doc.data()),
          cursor: {
            createdAt: { seconds: createdAt.seconds, nanoseconds: createdAt.nanoseconds },
            id: doc.id,
          },
        };
      });
    },
    runTransaction: (work) => db.runTransaction((tx) => work(transactionView(tx))),
  };
}

function entryFrom(snap: DocumentSnapshot): Entry | null {
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
