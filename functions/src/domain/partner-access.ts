import { ApiError, assert, unauthenticated } from "../errors.js";
import { firebaseErrorCode, firebaseErrorKind } from "../firebase-errors.js";
import { isDocumentId } from "./document-id.js";
import type { Partner } from "./partners-repository.js";
import { expiringCache } from "./expiring-cache.js";
import { PARTNER_CLAIM_KEYS, partnerClaimsSchema, tokenScopesOf, type Scope } from "./partner-claims.js";

/** The caller of a partner route, taken from the verified ID token and nothing else. */
export interface Principal {
  uid: string;
  partnerId: string;
  scopes: Scope[];
  tokenExpiresAt: string;
  /** The partner's daily request quota (null: unlimited), as cached with its status. */
  dailyRequestQuota: number | null;
}

/** The claims firebase-admin returns after checking signature, expiry, audience, issuer and revocation. */
export interface VerifiedToken {
  uid: string;
  exp: number;
  [claim: string]: unknown;
}

/** What Firebase Auth holds for the user now. */
export interface CurrentUser {
  customClaims?: Record<string, unknown>;
}

export interface PartnerAccessDeps {
  /** verifyIdToken(token, checkRevoked = true); rejects with a FirebaseAuthError. */
  verifyIdToken: (token: string) => Promise<VerifiedToken>;
  getUser: (uid: string) => Promise<CurrentUser>;
  getPartner: (partnerId: string) => Promise<Partner | null>;
  clock: () => Date;
  /** How long a verified token and a partner's status may be reused by this instance; 0: not at all. */
  cacheTtlMs: number;
}

export type PartnerAuthenticator = (idToken: string) => Promise<Principal>;

/**
 * How long a refusal that cost Auth lookups is remembered. Independent of `cacheTtlMs`: remembering
 * a refusal never lets a revoked user in, and it bounds what a caller replaying a refused token can
 * make this instance spend (otherwise two Auth lookups per request, for as long as the token lives).
 */
export const REFUSAL_CACHE_MS = 60_000;

/** Refusals firebase-admin reaches only after looking the user up (checkRevoked); the rest are local. */
const LOOKED_UP_REFUSALS = new Set(["auth/id-token-revoked", "auth/user-disabled", "auth/user-not-found"]);

/**
 * Verifies ID tokens and partner status. Both results are cached per instance for `cacheTtlMs`
 * (never past the token's own expiry), so revoking a user or suspending a partner takes effect
 * within that bound while a busy partner costs no Auth or Firestore lookup per request. A token
 * refused after an Auth lookup is refused from memory for `REFUSAL_CACHE_MS`; a token refused by the
 * local signature and expiry checks costs no lookup and is not remembered (it is attacker-chosen text).
 */
export function createPartnerAuthenticator(deps: PartnerAccessDeps): PartnerAuthenticator {
  const tokens = expiringCache<VerifiedToken>(deps.cacheTtlMs);
  const refusals = expiringCache<ApiError>(REFUSAL_CACHE_MS);
  const partners = expiringCache<Partner | "missing">(deps.cacheTtlMs);

  async function verify(idToken: string): Promise<VerifiedToken> {
    const cached = tokens.get(idToken);
    if (cached && cached.exp * 1000 > deps.clock().getTime()) return cached;
    const refused = refusals.get(idToken);
    if (refused) throw refused;
    let verified: VerifiedToken;
    try {
      verified = await deps.verifyIdToken(idToken);
    } catch (error) {
      // A token a client can replace by signing in again is a 401; anything else is our backend failing.
      const kind = firebaseErrorKind(error);
      if (kind !== "invalid-token" && kind !== "user-not-found") throw error;
      const code = firebaseErrorCode(error);
      const refusal = unauthenticated(tokenProblem(code), "invalid_token");
      if (LOOKED_UP_REFUSALS.has(String(code))) refusals.set(idToken, refusal);
      throw refusal;
    }
    // A token's claims are a snapshot from when it was issued; refuse one whose partner claims no
    // longer match the user's, so a scope or partner removed by an admin stops working now rather
    // than at token expiry. (It also stops claims forged into the Auth emulator's unsigned tokens.)
    const current = await deps.getUser(verified.uid);
    if (!samePartnerClaims(verified, current.customClaims ?? {})) {
      const refusal = unauthenticated(
        "The token's claims are out of date; get a fresh ID token.",
        "invalid_token",
      );
      refusals.set(idToken, refusal);
      throw refusal;
    }
    tokens.set(idToken, verified);
    return verified;
  }

  async function partner(partnerId: string): Promise<Partner | null> {
    const cached = partners.get(partnerId);
    if (cached) return cached === "missing" ? null : cached;
    const found = await deps.getPartner(partnerId);
    partners.set(partnerId, found ?? "missing");
    return found;
  }

  return async (idToken) => {
    const token = await verify(idToken);
    const claims = partnerClaimsSchema.safeParse(token);
    if (!claims.success) throw new ApiError("FORBIDDEN", "This account is not a partner of this API.");
    // Firebase allows '/' in a uid; revocations/{uid} could not be written for one, so such a user
    // could never be cut off on the direct path. The rules refuse it too, and the CLI never grants it.
    assert(
      isDocumentId(token.uid),
      "FORBIDDEN",
      "This account cannot be a partner: its uid cannot name a Firestore document, so it could not be revoked.",
    );
    const found = await partner(claims.data.partnerId);
    if (!found) throw new ApiError("FORBIDDEN", "This partner is not registered.");
    if (found.status !== "active") throw new ApiError("FORBIDDEN", "This partner is suspended.");
    return {
      uid: token.uid,
      partnerId: claims.data.partnerId,
      scopes: tokenScopesOf(token),
      tokenExpiresAt: new Date(token.exp * 1000).toISOString(),
      dailyRequestQuota: found.dailyRequestQuota,
    };
  };
}

/** Refuses a principal that lacks a scope. */
export function requireScope(principal: Principal, scope: Scope): void {
  if (!principal.scopes.includes(scope)) {
    throw new ApiError("FORBIDDEN", `This route needs the ${scope} scope.`);
  }
}

function samePartnerClaims(token: Record<string, unknown>, claims: Record<string, unknown>): boolean {
  return PARTNER_CLAIM_KEYS.every((key) => JSON.stringify(token[key]) === JSON.stringify(claims[key]));
}

function tokenProblem(code: string | number | undefined): string {
  switch (code) {
    case "auth/id-token-expired":
      return "The ID token has expired; get a fresh one.";
    case "auth/id-token-revoked":
      return "The ID token was revoked; sign in again.";
    case "auth/user-disabled":
      return "The user is disabled.";
    default:
      return "The ID token is not valid for this project.";
  }
}
