import type { AppendAudit } from "../audit-log.js";
import type { Partner } from "../access/ports.js";
import { invalidClient, OAuthError } from "../../oauth-error.js";
import { validSecretHashes } from "./client-credentials.js";
import type { ClientCredentialStore, MintedIdToken } from "./ports.js";
import { isClientId, isWellFormedSecret, secretMatchesAny } from "./client-secret.js";
import type { FailureThrottle } from "./failure-throttle.js";
import { SCOPES, tokenScopesOf, type Scope } from "../access/partner-claims.js";

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
  /**
   * A Firebase ID token for the user, carrying `tokenScopes` (TOKEN_SCOPES_CLAIM) as a developer claim
   * when given; null when Auth refuses the user (disabled or deleted).
   */
  mintIdToken: (uid: string, tokenScopes: Scope[] | null) => Promise<MintedIdToken | null>;
  throttle: FailureThrottle;
  audit: AppendAudit<TokenIssuedEvent>;
  clock: () => Date;
}

/**
 * The client credentials grant: authenticates the client by its secret, checks its partner and the
 * requested scope, and answers with a Firebase ID token of the credential's Auth user.
 *
 * A narrower `scope` makes a narrower token: the ID token carries the user's stored claims (a Firebase
 * ID token cannot carry fewer) and the requested scopes as `tokenScopes`, which the API and the rules
 * intersect with them. The answer's `scope` is read from the minted token's own claims, so it says
 * what the token can do (RFC 6749 §3.3).
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
  const requested = requestedScopes(credential.scopes, request.scopes);
  const minted = await deps.mintIdToken(
    credential.clientId,
    requested.length < credential.scopes.length ? requested : null,
  );
  // Auth refuses a user disabled by a revoke that raced this request.
  if (!minted) throw await refuse();
  const scopes = tokenScopesOf(minted.claims);
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

/** The scopes asked for (all the credential's when none are), after checking each is among them. */
function requestedScopes(held: Scope[], requested: string[] | null): Scope[] {
  for (const scope of requested ?? []) {
    if (!(SCOPES as readonly string[]).includes(scope)) {
      throw new OAuthError("invalid_scope", `Unknown scope '${scope}'; known scopes: ${SCOPES.join(" ")}.`);
    }
    if (!held.includes(scope as Scope)) {
      throw new OAuthError("invalid_scope", `This client may not have the scope '${scope}'.`);
    }
  }
  return requested ? held.filter((scope) => requested.includes(scope)) : held;
}
