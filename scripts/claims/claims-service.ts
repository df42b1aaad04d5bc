import { isDeepStrictEqual } from "node:util";
import type { Auth, UserIdentifier, UserRecord } from "firebase-admin/auth";
import {
  claimsProblem,
  mergePartnerClaims,
  partnerClaimsSchema,
  SCOPES,
  withoutPartnerClaims,
  type PartnerClaims,
  type Scope,
} from "../../functions/src/domain/partner-claims.js";
import type { AuditLog } from "./audit-log.js";
import { assert, CliError } from "./cli-error.js";
import type { PartnersRepository } from "./partners-repository.js";
import { withRetry } from "./retry.js";

type Claims = Record<string, unknown>;

/** The Auth calls the CLI makes; a subset of firebase-admin's Auth so tests and tools can pass their own. */
export type ClaimsAuth = Pick<
  Auth,
  "getUser" | "getUserByEmail" | "getUsers" | "setCustomUserClaims" | "revokeRefreshTokens"
>;

/** Everything claim changes depend on, passed in. */
export interface ClaimsDeps {
  auth: ClaimsAuth;
  partners: PartnersRepository;
  audit: AuditLog;
}

/** The part of a user record claim changes need. */
export interface UserClaims {
  uid: string;
  email?: string | undefined;
  customClaims?: Claims | undefined;
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

/** Whether a command-line reference names a user by email rather than uid. */
export function looksLikeEmail(ref: string): boolean {
  return ref.includes("@");
}

/** Finds a user by uid or email; an unknown user is bad input (exit 2), anything else an operation failure. */
export async function findUser(auth: ClaimsAuth, ref: string): Promise<UserRecord> {
  const lookups = looksLikeEmail(ref)
    ? [() => auth.getUserByEmail(ref), () => auth.getUser(ref)]
    : [() => auth.getUser(ref)];
  for (const lookup of lookups) {
    try {
      return await withRetry(lookup);
    } catch (error) {
      if ((error as { code?: unknown }).code !== "auth/user-not-found") throw error;
    }
  }
  throw new CliError("UNKNOWN_USER", `no user with ${looksLikeEmail(ref) ? "email or uid" : "uid"} "${ref}"`);
}

/**
 * Resolves many user references at once (firebase-admin's getUsers, 100 per call). Returns the users found,
 * keyed by reference; references missing from the map are unknown users.
 */
export async function findUsers(auth: ClaimsAuth, refs: readonly string[]): Promise<Map<string, UserRecord>> {
  const found = new Map<string, UserRecord>();
  const unique = [...new Set(refs)];
  const lookup = async (batch: string[], identify: (ref: string) => UserIdentifier) => {
    for (let i = 0; i < batch.length; i += 100) {
      const chunk = batch.slice(i, i + 100);
      const result = await withRetry(() => auth.getUsers(chunk.map(identify)));
      for (const user of result.users) {
        for (const ref of chunk) {
          if (ref === user.uid || (looksLikeEmail(ref) && ref.toLowerCase() === user.email?.toLowerCase())) {
            if (!found.has(ref)) found.set(ref, user);
          }
        }
      }
    }
  };
  await lookup(unique.filter(looksLikeEmail), (email) => ({ email }));
  // A uid may contain '@': a reference not found as an email is tried as a uid, like findUser does.
  await lookup(
    unique.filter((ref) => !found.has(ref)),
    (uid) => ({ uid }),
  );
  return found;
}

/** Fresh records of many users by uid (100 per getUsers call); a uid missing from the map no longer exists. */
export async function usersByUid(
  auth: ClaimsAuth,
  uids: readonly string[],
): Promise<Map<string, UserRecord>> {
  const found = new Map<string, UserRecord>();
  for (let i = 0; i < uids.length; i += 100) {
    const chunk = uids.slice(i, i + 100);
    const result = await withRetry(() => auth.getUsers(chunk.map((uid) => ({ uid }))));
    for (const user of result.users) found.set(user.uid, user);
  }
  return found;
}

// Scope order carries no meaning, so compare claims with the scopes in canonical order.
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
   * (another partner, or fewer scopes), since an ID token keeps its old claims until it expires.
   */
  revokeTokens: boolean;
}

function narrowsAccess(before: Claims, after: PartnerClaims): boolean {
  if (before.role !== "partner" || typeof before.partnerId !== "string") return false;
  if (before.partnerId !== after.partnerId) return true;
  const held = Array.isArray(before.scopes) ? (before.scopes as unknown[]) : [];
  return held.some((scope) => !after.scopes.includes(scope as Scope));
}

/** Works out a grant: the user's claims merged with the partner claims; refuses claims Firebase would reject. */
export function planGrant(user: UserClaims, partner: PartnerClaims): ClaimsPlan {
  const before = user.customClaims ?? {};
  const after = mergePartnerClaims(before, partner);
  const problem = claimsProblem(after);
  assert(problem === null, "CLAIMS_REJECTED", `cannot grant to ${user.uid}: ${problem}`);
  const claimsChanged = !isDeepStrictEqual(canonical(before), after);
  return {
    uid: user.uid,
    email: user.email ?? null,
    before,
    after,
    claimsChanged,
    revokeTokens: claimsChanged && narrowsAccess(before, partner),
  };
}

/** Works out a revoke: only the partner claims go; refresh tokens are always revoked (safe to repeat). */
export function planRevoke(user: UserClaims): ClaimsPlan {
  const before = user.customClaims ?? {};
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

/** What a grant did (or, in a dry run, would do). */
export interface GrantOutcome {
  plan: ClaimsPlan;
  partnerId: string;
  /** The partner document was missing and is (or would be) created with status "active". */
  partnerCreated: boolean;
  /** The partner's status when it already existed; "suspended" means the API refuses this user. */
  partnerStatus: string;
  changed: boolean;
}

/**
 * Applies a grant: creates the partner document if missing, writes the merged claims if they changed,
 * revokes refresh tokens when access narrowed, and records each change in the audit log. A dry run only reads.
 */
export async function applyGrant(
  deps: ClaimsDeps,
  plan: ClaimsPlan,
  partner: PartnerClaims,
  { dryRun }: { dryRun: boolean },
): Promise<GrantOutcome> {
  const existing = await deps.partners.get(partner.partnerId);
  let partnerCreated = existing === null;
  if (!dryRun) {
    if (partnerCreated) {
      // Another grant may have created it since the read; only the call that created it logs it.
      partnerCreated = await deps.partners.createIfMissing(partner.partnerId);
      if (partnerCreated) {
        await deps.audit.record({
          action: "partner.create",
          targetUid: null,
          partnerId: partner.partnerId,
          claimsBefore: null,
          claimsAfter: null,
          tokensRevoked: false,
        });
      }
    }
    if (plan.claimsChanged) {
      await withRetry(() => deps.auth.setCustomUserClaims(plan.uid, plan.after));
      if (plan.revokeTokens) await withRetry(() => deps.auth.revokeRefreshTokens(plan.uid));
      await deps.audit.record({
        action: "claims.grant",
        targetUid: plan.uid,
        partnerId: partner.partnerId,
        claimsBefore: plan.before,
        claimsAfter: plan.after,
        tokensRevoked: plan.revokeTokens,
      });
    }
  }
  return {
    plan,
    partnerId: partner.partnerId,
    partnerCreated,
    partnerStatus: existing?.status ?? "active",
    changed: plan.claimsChanged || partnerCreated,
  };
}

/**
 * Applies a revoke: removes the partner claims, then revokes refresh tokens (in that order, so no token
 * minted in between carries the old claims), and records it. Re-running it revokes tokens again.
 */
export async function applyRevoke(deps: ClaimsDeps, plan: ClaimsPlan, { dryRun }: { dryRun: boolean }) {
  if (dryRun) return;
  if (plan.claimsChanged) await withRetry(() => deps.auth.setCustomUserClaims(plan.uid, plan.after));
  await withRetry(() => deps.auth.revokeRefreshTokens(plan.uid));
  const partnerId = typeof plan.before.partnerId === "string" ? plan.before.partnerId : null;
  await deps.audit.record({
    action: "claims.revoke",
    targetUid: plan.uid,
    partnerId,
    claimsBefore: plan.before,
    claimsAfter: plan.after,
    tokensRevoked: true,
  });
}
