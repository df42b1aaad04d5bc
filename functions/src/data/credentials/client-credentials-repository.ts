import type { Firestore } from "firebase-admin/firestore";
import type { ClientCredentialStore } from "../../domain/credentials/ports.js";
import { clientCredentialConverter, collectionPath } from "../model.js";

/**
 * Machine credentials (model.ts: `clientCredentials/{clientId}`). The rules grant no client access to
 * them; only the Admin SDK reads and writes them.
 */
export function createClientCredentialRepository(db: Firestore): ClientCredentialStore {
  const collection = db.collection(collectionPath("clientCredentials"));
  return {
    async get(clientId) {
      const snapshot = await collection.doc(clientId).get();
      return snapshot.exists
        ? clientCredentialConverter.fromFirestore(snapshot.id, snapshot.data() ?? {})
        : null;
    },
    async create(credential) {
      await collection.doc(credential.clientId).create(clientCredentialConverter.toFirestore(credential));
    },
    update(clientId, change) {
      return db.runTransaction(async (tx) => {
        const ref = collection.doc(clientId);
        const snapshot = await tx.get(ref);
        if (!snapshot.exists) return null;
        const changed = change(clientCredentialConverter.fromFirestore(clientId, snapshot.data() ?? {}));
        tx.set(ref, clientCredentialConverter.toFirestore(changed));
        return changed;
      });
    },
    async list(partnerId) {
      const query = partnerId === undefined ? collection : collection.where("partnerId", "==", partnerId);
      const snapshot = await query.get();
      // Sorted here rather than by the query, so no composite index is needed for an admin listing.
      return snapshot.docs
        .map((doc) => clientCredentialConverter.fromFirestore(doc.id, doc.data()))
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.clientId.localeCompare(b.clientId));
    },
  };
}
