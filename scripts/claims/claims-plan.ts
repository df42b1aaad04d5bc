import { isDeepStrictEqual } from "node:util";
import {
  claimsProblem,
  mergePartnerClaims,
  partnerClaimsSchema,
  SCOPES,
  withoutPartnerClaims,
  type PartnerClaims,
  type Scope,
} from "partner-api-functions/partner-claims";
import { isDocumentId } from "partner-api-functions/document-id";
import { assert } from "./cli-error.js";

type Claims = Record<string, unknown>;

/** The part of a user record claim changes need. */
export interface UserClaims {
  uid: string;
  email?: string | undefined;
  customClaims?: Claims | undefined;
}

/** How a plan treats a `role` claim another system set (anything but absent or "partner"). */
export interface PlanOptions {
  /** Replace (grant) or remove (revoke) such a role; without it the plan refuses the user. */
  overrideRole?: boolean;
}

/** Splits a scopes argument or CSV cell: scopes are separated by ',', ';' or whitespace. */
export function splitScopes(text: string): string[] {
  return text.split(/[\s,;]+/).filter((scope) => scope.length > 0);
}

/**
 * Validates a partner id and scope list into partner claims; scopes are de-duplicated and put in
 * canonical order so equal grants compare equal. Returns every problem, naming the field, instead of throwing.
 */
export function parsePartnerClaims(
  partnerId: string,
  scopes: readonly string[],
): { ok: true; claims: PartnerClaims } | { ok: false; problems: string[] } {
  const canonical = SCOPES.filter((scope) => scopes.includes(scope));
  const unknown = [...new Set(scopes.filter((scope) => !(SCOPES as readonly string[]).includes(scope)))];
  const problems: string[] = [];
  const parsed = partnerClaimsSchema.safeParse({ role: "partner", partnerId, scopes: canonical });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${issue.path.join(".")}: ${issue.message}`);
  }
  if (unknown.length > 0) {
    problems.push(`scopes: unknown scope(s) ${unknown.join(", ")} (known: ${SCOPES.join(", ")})`);
  }
  if (problems.length > 0 || !parsed.success) return { ok: false, problems };
  return { ok: true, claims: parsed.data };
}

/** Scope order carries no meaning, so claims compare with their scopes in canonical order. */
export function sameClaims(a: Claims, b: Claims): boolean {
  return isDeepStrictEqual(canonical(a), canonical(b));
}

function canonical(claims: Claims): Claims {
  const scopes = claims.scopes;
  if (!Array.isArray(scopes)) return claims;
  return { ...claims, scopes: SCOPES.filter((scope) => scopes.includes(scope)) };
}

/** A claims change worked out before anything is written. */
export interface ClaimsPlan {
  uid: string;
  email: string | null;
  before: Claims;
  after: Claims;
  /** Whether the claims differ (ignoring scope order); unchanged claims are not written. */
  claimsChanged: boolean;
  /**
   * Whether tokens issued before must stop working: on revoke, and on a grant that narrows access
   * (another partner, fewer scopes, or a replaced role), since an ID token keeps its old claims until it expires.
   */
  revokeTokens: boolean;
}

/** A role claim this tool did not set: another system (an admin console, a staff flag) owns it. */
function foreignRole(claims: Claims): unknown {
  return claims.role === undefined || claims.role === "partner" ? undefined : claims.role;
}

function refuseForeignRole(user: UserClaims, claims: Claims, verb: string, options: PlanOptions): void {
  const role = foreignRole(claims);
  assert(
    role === undefined || options.overrideRole === true,
    "FOREIGN_ROLE",
    `${user.uid} has role ${JSON.stringify(role)}, set outside this tool; ${verb} would ` +
      `${verb === "grant" ? "replace" : "remove"} it. Nothing changed; pass --override-role to do it anyway`,
  );
}

function narrowsAccess(before: Claims, after: PartnerClaims): boolean {
  if (foreignRole(before) !== undefined) return true;
  if (before.role !== "partner" || typeof before.partnerId !== "string") return false;
  if (before.partnerId !== after.partnerId) return true;
  const held = Array.isArray(before.scopes) ? (before.scopes as unknown[]) : [];
  return held.some((scope) => !after.scopes.includes(scope as Scope));
}

/**
 * Works out a grant: the user's claims merged with the partner claims. Refuses claims Firebase would
 * reject, and a role another system set unless `overrideRole`.
 */
export function planGrant(user: UserClaims, partner: PartnerClaims, options: PlanOptions = {}): ClaimsPlan {
  const before = user.customClaims ?? {};
  // Firebase allows '/' in a uid, but revocations/{uid} cannot be written for one (nor for '.', '..',
  // '__x__'), so such a user could never be revoked on the direct path: the rules and the API refuse it.
  assert(
    isDocumentId(user.uid),
    "CLAIMS_REJECTED",
    `cannot grant to ${user.uid}: a partner's uid must name a Firestore document (revocations/{uid}), ` +
      "so no '/', not '.', '..' or __…__",
  );
  refuseForeignRole(user, before, "grant", options);
  const after = mergePartnerClaims(before, partner);
  const problem = claimsProblem(after);
  assert(problem === null, "CLAIMS_REJECTED", `cannot grant to ${user.uid}: ${problem}`);
  const claimsChanged = !sameClaims(before, after);
  return {
    uid: user.uid,
    email: user.email ?? null,
    before,
    after,
    claimsChanged,
    revokeTokens: claimsChanged && narrowsAccess(before, partner),
  };
}

/**
 * Works out a revoke: only the partner claims go; refresh tokens are always revoked (safe to repeat).
 * Refuses a role another system set unless `overrideRole`.
 */
export function planRevoke(user: UserClaims, options: PlanOptions = {}): ClaimsPlan {
  const before = user.customClaims ?? {};
  refuseForeignRole(user, before, "revoke", options);
  const after = withoutPartnerClaims(before);
  return {
    uid: user.uid,
    email: user.email ?? null,
    before,
    after,
    claimsChanged: !isDeepStrictEqual(before, after),
    revokeTokens: true,
  };
}
