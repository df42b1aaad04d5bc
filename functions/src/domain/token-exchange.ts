import type { AppendAudit } from "./audit-log.js";
import type { Partner } from "./partners-repository.js";
import { invalidClient, OAuthError } from "../oauth-error.js";
import { validSecretHashes, type ClientCredentialStore } from "./client-credentials.js";
import { isClientId, isWellFormedSecret, secretMatchesAny } from "./client-secret.js";
import type { FailureThrottle } from "./failure-throttle.js";
import { SCOPES, type Scope } from "./partner-claims.js";

/** A client credentials grant as the HTTP layer parsed it (RFC 6749 §4.4.2). */
export interface TokenRequest {
  clientId: string;
  clientSecret: string;
  /** The `scope` parameter split on spaces, or null when absent. */
  scopes: string[] | null;
  /** Where the request came from (http/client-address.ts), for counting failures. */
  source: string;
  requestId: string;
}

export interface IssuedToken {
  accessToken: string;
  partnerId: string;
  expiresIn: number;
  /** The scopes the token carries. */
  scopes: Scope[];
}

export interface MintedIdToken {
  idToken: string;
  expiresInSeconds: number;
}

/** What lands in auditLogs for every token issued; never the token. */
export interface TokenIssuedEvent {
  action: "credentials.token";
  clientId: string;
  partnerId: string;
  scopes: Scope[];
  requestId: string;
  expiresAt: string;
}

export interface TokenExchangeDeps {
  credentials: Pick<ClientCredentialStore, "get">;
  getPartner: (partnerId: string) => Promise<Partner | null>;
  /** A Firebase ID token for the user, or null when Auth refuses the user (disabled or deleted). */
  mintIdToken: (uid: string) => Promise<MintedIdToken | null>;
  throttle: FailureThrottle;
  audit: AppendAudit<TokenIssuedEvent>;
  clock: () => Date;
}

/**
 * The client credentials grant: authenticates the client by its secret, checks its partner and the
 * requested scope, and answers with a Firebase ID token of the credential's Auth user.
 *
 * The token's claims are exactly the user's stored claims (a Firebase ID token cannot carry fewer),
 * so a narrower `scope` is accepted and answered with the scopes the token really carries, as RFC
 * 6749 §3.3 asks when the granted scope differs from the requested one.
 */
export async function exchangeClientCredentials(
  deps: TokenExchangeDeps,
  request: TokenRequest,
): Promise<IssuedToken> {
  const waitSeconds = await deps.throttle.retryAfterSeconds(request.source);
  if (waitSeconds > 0) {
    throw new OAuthError("temporarily_unavailable", `Too many failed attempts; retry in ${waitSeconds} s.`, {
      "Retry-After": String(waitSeconds),
    });
  }
  const refuse = async () => {
    await deps.throttle.recordFailure(request.source);
    return invalidClient();
  };
  // Malformed ids and secrets (a typo, a truncated paste) are refused without a database read; that
  // reveals nothing, since their shape is public.
  if (!isClientId(request.clientId) || !isWellFormedSecret(request.clientSecret)) throw await refuse();
  const credential = await deps.credentials.get(request.clientId);
  // An unknown client is compared against no hashes at the same cost as a known one.
  // Stryker disable next-line ArrayDeclaration: any text but a stored hash matches no secret, as [] does
  const hashes = credential ? validSecretHashes(credential, deps.clock()) : [];
  if (!credential || !secretMatchesAny(request.clientSecret, hashes)) throw await refuse();

  const partner = await deps.getPartner(credential.partnerId);
  if (partner?.status !== "active") {
    throw new OAuthError("unauthorized_client", "This client's partner is suspended; no token is issued.");
  }
  const scopes = grantedScopes(credential.scopes, request.scopes);
  const minted = await deps.mintIdToken(credential.clientId);
  // Auth refuses a user disabled by a revoke that raced this request.
  if (!minted) throw await refuse();
  await deps.audit({
    action: "credentials.token",
    clientId: credential.clientId,
    partnerId: credential.partnerId,
    scopes,
    requestId: request.requestId,
    expiresAt: new Date(deps.clock().getTime() + minted.expiresInSeconds * 1000).toISOString(),
  });
  return {
    accessToken: minted.idToken,
    partnerId: credential.partnerId,
    expiresIn: minted.expiresInSeconds,
    scopes,
  };
}

/** The credential's scopes, after checking that the requested ones are among them. */
function grantedScopes(held: Scope[], requested: string[] | null): Scope[] {
  for (const scope of requested ?? []) {
    if (!(SCOPES as readonly string[]).includes(scope)) {
      throw new OAuthError("invalid_scope", `Unknown scope '${scope}'; known scopes: ${SCOPES.join(" ")}.`);
    }
    if (!held.includes(scope as Scope)) {
      throw new OAuthError("invalid_scope", `This client may not have the scope '${scope}'.`);
    }
  }
  return held;
}
