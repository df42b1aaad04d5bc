import type { Scope } from "../access/partner-claims.js";

// The credentials subdomain's ports, in one place: the stored machine credentials and the minted ID
// token. Implemented over Firestore and Identity Toolkit, and in memory (data/credentials/).

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

/** A Firebase ID token minted for a credential's Auth user. */
export interface MintedIdToken {
  idToken: string;
  expiresInSeconds: number;
  /** The ID token's claims, as Identity Toolkit put them in it. */
  claims: Record<string, unknown>;
}
