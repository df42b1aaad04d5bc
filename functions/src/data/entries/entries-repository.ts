import { Timestamp, type Firestore, type Transaction } from "firebase-admin/firestore";
import type { EntriesRepository, EntriesTransaction } from "../../domain/entries/ports.js";
import { runAttempt } from "../../domain/request-deadline.js";
import {
  collectionPath,
  documentPath,
  entryConverter,
  entryFrom,
  entryVersionConverter,
  externalIdClaim,
  idempotencyRecordConverter,
} from "../model.js";
import { newestFirstPage } from "../newest-first-page.js";

/**
 * The entries port over Firestore: a partner's entries, their history (`versions`), their externalId
 * claims and the stored Idempotency-Key responses, at the paths and in the shapes of model.ts.
 */
export function createEntriesRepository(db: Firestore): EntriesRepository {
  const entries = (partnerId: string) => db.collection(collectionPath("entries", partnerId));
  const idempotencyDoc = (partnerId: string, keyHash: string) =>
    db.doc(documentPath("idempotencyKeys", partnerId, keyHash));
  const versions = (partnerId: string, entryId: string) =>
    db.collection(collectionPath("entryVersions", partnerId, entryId));
  // The same claim firestore.rules demands of direct writers, in the shape it checks: { entryId } only.
  const externalIdDoc = (partnerId: string, externalId: string) =>
    db.doc(documentPath("externalIds", partnerId, externalId));

  const transactionView = (tx: Transaction): EntriesTransaction => ({
    async getEntry(partnerId, id) {
      return entryFrom(await tx.get(entries(partnerId).doc(id)));
    },
    async getIdempotencyRecord(partnerId, keyHash) {
      const data = (await tx.get(idempotencyDoc(partnerId, keyHash))).data();
      return data ? idempotencyRecordConverter.fromFirestore(data) : null;
    },
    async getExternalIdHolder(partnerId, externalId) {
      const data = (await tx.get(externalIdDoc(partnerId, externalId))).data();
      return data ? String(data.entryId) : null;
    },
    recordVersion(partnerId, entryId, version) {
      tx.create(
        versions(partnerId, entryId).doc(String(version.version)),
        entryVersionConverter.toFirestore(version),
      );
    },
    createEntry(entry) {
      tx.create(entries(entry.partnerId).doc(entry.id), entryConverter.toFirestore(entry));
      if (entry.externalId !== null) {
        tx.create(externalIdDoc(entry.partnerId, entry.externalId), externalIdClaim(entry.id));
      }
    },
    updateEntry(partnerId, id, { updatedAt, ...changes }) {
      tx.update(entries(partnerId).doc(id), {
        ...changes,
        updatedAt: Timestamp.fromDate(new Date(updatedAt)),
      });
    },
    putIdempotencyRecord(partnerId, keyHash, record) {
      tx.set(idempotencyDoc(partnerId, keyHash), idempotencyRecordConverter.toFirestore(record));
    },
  });

  return {
    async getEntry(partnerId, id) {
      return entryFrom(await entries(partnerId).doc(id).get());
    },
    async listEntries(partnerId, limit, after) {
      const page = await newestFirstPage(entries(partnerId), limit, after, (doc) =>
        entryConverter.fromFirestore(doc.id, doc.data()),
      );
      return page.map(({ item, cursor }) => ({ entry: item, cursor }));
    },
    async listVersions(partnerId, entryId, limit, after) {
      let query = versions(partnerId, entryId).orderBy("version", "asc");
      if (after !== null) query = query.startAfter(after);
      const snap = await query.limit(limit).get();
      return snap.docs.map((doc) => entryVersionConverter.fromFirestore(doc.data()));
    },
    runTransaction: (work, deadline) =>
      db.runTransaction((tx) => runAttempt(deadline, () => work(transactionView(tx)))),
  };
}
