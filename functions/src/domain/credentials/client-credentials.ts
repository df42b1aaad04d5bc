import type { ClientCredential } from "./ports.js";
import type { Scope } from "../access/partner-claims.js";

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
