import type { ClientCredential, ClientCredentialStore } from "../../domain/credentials/ports.js";

/** The in-memory twin of the Firestore credential store, with the same semantics, for fast tests. */
export function createInMemoryClientCredentials(): ClientCredentialStore {
  const stored = new Map<string, ClientCredential>();
  return {
    async get(clientId) {
      const credential = stored.get(clientId);
      return credential ? structuredClone(credential) : null;
    },
    async create(credential) {
      if (stored.has(credential.clientId)) throw new Error(`credential ${credential.clientId} exists`);
      stored.set(credential.clientId, structuredClone(credential));
    },
    async update(clientId, change) {
      const current = stored.get(clientId);
      if (!current) return null;
      const changed = change(structuredClone(current));
      stored.set(clientId, structuredClone(changed));
      return structuredClone(changed);
    },
    async list(partnerId) {
      return [...stored.values()]
        .filter((credential) => partnerId === undefined || credential.partnerId === partnerId)
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.clientId.localeCompare(b.clientId))
        .map((credential) => structuredClone(credential));
    },
  };
}
