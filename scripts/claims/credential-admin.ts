import {
  assert,
  type AppendAudit,
  validSecretHashes,
  type ClientCredential,
  type ClientCredentialStore,
  type StoredSecret,
  hashSecret,
  type PartnerClaims,
} from "partner-api-functions/shared";

/** The Auth side of a credential: its user, whose uid is the client id. */
export interface CredentialIdentities {
  /** Creates the user with the partner claims as its custom claims. */
  create(uid: string, displayName: string, claims: PartnerClaims): Promise<void>;
  /**
   * Disables the user and revokes its refresh tokens; resolves to the user's tokensValidAfterTime in
   * Unix seconds (tokens authenticated before it are refused).
   */
  disable(uid: string): Promise<number>;
}

/** The per-user revocation record the rules compare `auth_time` with (TEAM decision: revocations/{uid}). */
export interface RevocationRecords {
  record(uid: string, revokedAtSeconds: number): Promise<void>;
}

/** What lands in auditLogs for each change to a credential; never a secret or its hash. */
export type CredentialAuditEvent =
  | {
      action: "credentials.create";
      clientId: string;
      partnerId: string;
      scopes: string[];
      name: string | null;
    }
  | { action: "credentials.rotate"; clientId: string; partnerId: string; oldSecretValidUntil: string }
  | { action: "credentials.revoke"; clientId: string; partnerId: string; tokensValidAfter: string };

export interface CredentialAdminDeps {
  store: ClientCredentialStore;
  identities: CredentialIdentities;
  revocations: RevocationRecords;
  audit: AppendAudit<CredentialAuditEvent>;
  clock: () => Date;
  newClientId: () => string;
  newClientSecret: () => string;
}

export interface NewCredential {
  credential: ClientCredential;
  /** Shown to the admin once; only its hash is stored. */
  clientSecret: string;
}

/** Creates a credential: its Auth user carrying `claims`, then its record with one secret. */
export async function createCredential(
  deps: CredentialAdminDeps,
  claims: PartnerClaims,
  name: string | null,
): Promise<NewCredential> {
  const clientId = deps.newClientId();
  const clientSecret = deps.newClientSecret();
  const now = deps.clock().toISOString();
  // The user first: a record whose user is missing would authenticate and then fail to mint. A user
  // left without a record (if the write below fails) can never get a token, since only the record
  // holds a secret.
  await deps.identities.create(clientId, name ?? `client credentials of ${claims.partnerId}`, claims);
  const credential: ClientCredential = {
    clientId,
    partnerId: claims.partnerId,
    scopes: claims.scopes,
    name,
    status: "active",
    secrets: [{ hash: hashSecret(clientSecret), createdAt: now, validUntil: null }],
    createdAt: now,
    revokedAt: null,
  };
  await deps.store.create(credential);
  await deps.audit({
    action: "credentials.create",
    clientId,
    partnerId: claims.partnerId,
    scopes: claims.scopes,
    name,
  });
  return { credential, clientSecret };
}

export interface RotatedCredential extends NewCredential {
  /** When the secrets valid before the rotation stop working (now, for an overlap of 0). */
  oldSecretValidUntil: string;
}

/**
 * Adds a new secret; every secret valid before keeps working for `overlapMs` more at most (one that
 * already ends sooner keeps its end), and secrets already expired are dropped.
 */
export async function rotateCredential(
  deps: CredentialAdminDeps,
  clientId: string,
  overlapMs: number,
): Promise<RotatedCredential> {
  const clientSecret = deps.newClientSecret();
  const now = deps.clock();
  const oldSecretValidUntil = new Date(now.getTime() + overlapMs).toISOString();
  const credential = await deps.store.update(clientId, (current) => {
    assert(current.status === "active", "CONFLICT", `${clientId} is revoked; create a new credential.`);
    const valid = new Set(validSecretHashes(current, now));
    const kept: StoredSecret[] = current.secrets
      .filter((secret) => valid.has(secret.hash) && overlapMs > 0)
      .map((secret) => {
        const end = secret.validUntil ?? oldSecretValidUntil;
        // Stryker disable next-line EqualityOperator: when the ends are equal both branches give that instant
        return { ...secret, validUntil: end < oldSecretValidUntil ? end : oldSecretValidUntil };
      });
    const fresh = { hash: hashSecret(clientSecret), createdAt: now.toISOString(), validUntil: null };
    return { ...current, secrets: [...kept, fresh] };
  });
  assert(credential, "NOT_FOUND", `No credential has the client id ${clientId}.`);
  await deps.audit({
    action: "credentials.rotate",
    clientId,
    partnerId: credential.partnerId,
    oldSecretValidUntil,
  });
  return { credential, clientSecret, oldSecretValidUntil };
}

export interface RevokedCredential {
  credential: ClientCredential;
  alreadyRevoked: boolean;
  /** Tokens authenticated before this instant are refused by the API and the rules. */
  tokensValidAfter: string;
}

/**
 * Revokes a credential: the record first (the token endpoint refuses it from then on), then the Auth
 * user (disabled, refresh tokens revoked), then the revocation record the rules read. Running it
 * again repeats the Auth and rules steps, so a revoke interrupted half-way can be completed.
 */
export async function revokeCredential(
  deps: CredentialAdminDeps,
  clientId: string,
): Promise<RevokedCredential> {
  // Stryker disable next-line BooleanLiteral: the update sets it before it is read; a missing credential throws first
  let alreadyRevoked = false;
  const credential = await deps.store.update(clientId, (current) => {
    alreadyRevoked = current.status === "revoked";
    return {
      ...current,
      status: "revoked",
      secrets: [],
      revokedAt: current.revokedAt ?? deps.clock().toISOString(),
    };
  });
  assert(credential, "NOT_FOUND", `No credential has the client id ${clientId}.`);
  const revokedAtSeconds = await deps.identities.disable(clientId);
  await deps.revocations.record(clientId, revokedAtSeconds);
  const tokensValidAfter = new Date(revokedAtSeconds * 1000).toISOString();
  await deps.audit({
    action: "credentials.revoke",
    clientId,
    partnerId: credential.partnerId,
    tokensValidAfter,
  });
  return { credential, alreadyRevoked, tokensValidAfter };
}
