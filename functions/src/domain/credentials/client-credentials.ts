import type { Scope } from "../access/partner-claims.js";

/**
 * Machine credentials (OAuth 2.0 client credentials). Each is a Firebase Auth user whose uid is the
 * client id and whose custom claims are the partner claims; this record holds what Auth cannot: the
 * hashes of its secrets and how long each stays valid.
 */
export interface ClientCredential {
  clientId: string;
  partnerId: string;
  scopes: Scope[];
  name: string | null;
  status: "active" | "revoked";
  secrets: StoredSecret[];
  createdAt: string;
  revokedAt: string | null;
}

/** One secret, by its hash; `validUntil` is null until a rotation gives it an end. */
export interface StoredSecret {
  hash: string;
  createdAt: string;
  validUntil: string | null;
}

/** Stored credentials; data/ implements it over Firestore and in memory. */
export interface ClientCredentialStore {
  get(clientId: string): Promise<ClientCredential | null>;
  /** Stores a new credential; fails if the client id exists. */
  create(credential: ClientCredential): Promise<void>;
  /**
   * Reads, changes and writes one credential atomically; null when it does not exist. An error
   * thrown by `change` aborts the update and reaches the caller.
   */
  update(
    clientId: string,
    change: (current: ClientCredential) => ClientCredential,
  ): Promise<ClientCredential | null>;
  /** Every credential, or those of one partner, oldest first. */
  list(partnerId?: string): Promise<ClientCredential[]>;
}

/** The hashes of the secrets that authenticate the client at `now` (none once it is revoked). */
export function validSecretHashes(credential: ClientCredential, now: Date): string[] {
  if (credential.status !== "active") return [];
  return credential.secrets
    .filter((secret) => secret.validUntil === null || Date.parse(secret.validUntil) > now.getTime())
    .map((secret) => secret.hash);
}

/** A credential as admins may see it: everything but the hashes, and only secrets still valid. */
export interface CredentialView {
  clientId: string;
  partnerId: string;
  scopes: Scope[];
  name: string | null;
  status: "active" | "revoked";
  createdAt: string;
  revokedAt: string | null;
  secrets: { createdAt: string; validUntil: string | null }[];
}

export function viewOf(credential: ClientCredential, now: Date): CredentialView {
  const { secrets, ...rest } = credential;
  const valid = new Set(validSecretHashes(credential, now));
  return {
    ...rest,
    secrets: secrets
      .filter((secret) => valid.has(secret.hash))
      .map(({ createdAt, validUntil }) => ({ createdAt, validUntil })),
  };
}
