import { Timestamp, type DocumentData, type Firestore } from "firebase-admin/firestore";
import type { ClientCredential, ClientCredentialStore } from "../domain/client-credentials.js";

/**
 * Machine credentials in `clientCredentials/{clientId}`: the only code that knows that path and the
 * stored shape. The rules grant no client access to it; only the Admin SDK reads and writes it.
 */
export function createClientCredentialRepository(db: Firestore): ClientCredentialStore {
  const collection = db.collection("clientCredentials");
  return {
    async get(clientId) {
      const snapshot = await collection.doc(clientId).get();
      return snapshot.exists ? toCredential(snapshot.id, snapshot.data() ?? {}) : null;
    },
    async create(credential) {
      await collection.doc(credential.clientId).create(fromCredential(credential));
    },
    update(clientId, change) {
      return db.runTransaction(async (tx) => {
        const ref = collection.doc(clientId);
        const snapshot = await tx.get(ref);
        if (!snapshot.exists) return null;
        const changed = change(toCredential(clientId, snapshot.data() ?? {}));
        tx.set(ref, fromCredential(changed));
        return changed;
      });
    },
    async list(partnerId) {
      const query = partnerId === undefined ? collection : collection.where("partnerId", "==", partnerId);
      const snapshot = await query.get();
      // Sorted here rather than by the query, so no composite index is needed for an admin listing.
      return snapshot.docs
        .map((doc) => toCredential(doc.id, doc.data()))
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.clientId.localeCompare(b.clientId));
    },
  };
}

const iso = (value: unknown) => (value as Timestamp).toDate().toISOString();
const isoOrNull = (value: unknown) => (value ? iso(value) : null);
const timestamp = (value: string) => Timestamp.fromDate(new Date(value));
const timestampOrNull = (value: string | null) => (value === null ? null : timestamp(value));

function toCredential(clientId: string, data: DocumentData): ClientCredential {
  return {
    clientId,
    partnerId: data.partnerId,
    scopes: data.scopes,
    name: data.name ?? null,
    status: data.status === "active" ? "active" : "revoked",
    secrets: (data.secrets as DocumentData[]).map((secret) => ({
      hash: secret.hash,
      createdAt: iso(secret.createdAt),
      validUntil: isoOrNull(secret.validUntil),
    })),
    createdAt: iso(data.createdAt),
    revokedAt: isoOrNull(data.revokedAt),
  };
}

function fromCredential(credential: ClientCredential): DocumentData {
  const { clientId: _clientId, ...fields } = credential;
  return {
    ...fields,
    secrets: credential.secrets.map((secret) => ({
      hash: secret.hash,
      createdAt: timestamp(secret.createdAt),
      validUntil: timestampOrNull(secret.validUntil),
    })),
    createdAt: timestamp(credential.createdAt),
    revokedAt: timestampOrNull(credential.revokedAt),
  };
}
