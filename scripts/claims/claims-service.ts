import {
  type AuditLog,
  isDocumentId,
  type PartnersRepository,
  type PartnerStatus,
} from "partner-api-functions/shared";
import { revokeAttachmentLinks, type AttachmentLinkStore } from "./attachment-links.js";
import type { RevocationRecords } from "./credential-admin.js";
import type { ClaimsPlan } from "./claims-plan.js";
import { CliError } from "./cli-error.js";
import { withRetry } from "./retry.js";
import type { CliAuth } from "./users.js";

type Claims = Record<string, unknown>;

/** One change the CLI makes, as it lands in the audit log. */
export interface ClaimsAuditEvent {
  action:
    | "claims.grant"
    | "claims.revoke"
    | "partner.create"
    | "partner.suspend"
    | "partner.activate"
    | "partner.set-quota";
  targetUid: string | null;
  partnerId: string | null;
  claimsBefore: Claims | null;
  claimsAfter: Claims | null;
  /** Whether the user's refresh tokens are revoked, so tokens issued before stop working. */
  tokensRevoked: boolean;
  /** A partner change: the fields it changed, before and after. */
  partnerChanges?: Record<string, { before: unknown; after: unknown }>;
}

/** Everything claim changes depend on, passed in. */
export interface ClaimsDeps {
  auth: CliAuth;
  partners: PartnersRepository;
  audit: AuditLog<ClaimsAuditEvent>;
  /** The records the security rules read (revocations/{uid}), as credentials revoke writes them. */
  revocations: RevocationRecords;
  /** The partners' attachments in Storage, whose download links end with a user's access. */
  attachments: AttachmentLinkStore;
}

/** The partner a grant names: whether it was (or, in a dry run, would be) created, and its status. */
export interface PartnerOutcome {
  partnerId: string;
  created: boolean;
  /** "suspended" means the API refuses this partner's users. */
  status: PartnerStatus;
}

/**
 * Runs `change` between recording it as pending and settling the record: applied, or not applied when
 * `change` reports that it found nothing to do. A failure after the record leaves it pending (the outcome
 * is unknown) and the message says so; `settlePending` resolves it on the next run that touches the subject.
 */
export async function recorded(
  deps: ClaimsDeps,
  entry: ClaimsAuditEvent,
  change: () => Promise<{ applied: true } | { applied: false; reason: string }>,
): Promise<boolean> {
  const id = await deps.audit.intend(entry);
  try {
    const outcome = await change();
    if (outcome.applied) await deps.audit.applied(id);
    else await deps.audit.notApplied(id, outcome.reason);
    return outcome.applied;
  } catch (error) {
    const subject = entry.targetUid ?? `partner ${entry.partnerId ?? ""}`;
    throw new CliError(
      "OPERATION_FAILED",
      `${(error as Error).message}; auditLogs/${id} keeps this change as pending until the next ` +
        `grant, revoke or import of ${subject} settles it`,
    );
  }
}

/**
 * Revokes the user's refresh tokens, then stores the revocation the security rules read, with the exact
 * cut-off Auth applied (its tokensValidAfterTime, in whole seconds like a token's auth_time).
 */
export async function revokeTokens(deps: ClaimsDeps, uid: string): Promise<void> {
  await withRetry(() => deps.auth.revokeRefreshTokens(uid));
  const user = await withRetry(() => deps.auth.getUser(uid));
  const revokedAt = Math.floor(Date.parse(user.tokensValidAfterTime ?? "") / 1000);
  if (!Number.isInteger(revokedAt)) throw new Error(`Auth reported no tokensValidAfterTime for ${uid}`);
  // No record can exist for a uid that names no document ('team/alice'); the rules refuse such a user
  // everything anyway, so there is nothing to cut off on the direct path.
  if (isDocumentId(uid)) await deps.revocations.record(uid, revokedAt);
}

/** Creates `partners/{partnerId}` (status active) when missing, recording the creation; dry runs only read. */
export async function ensurePartner(
  deps: ClaimsDeps,
  partnerId: string,
  { dryRun }: { dryRun: boolean },
): Promise<PartnerOutcome> {
  const existing = await deps.partners.getPartner(partnerId);
  if (existing !== null) return { partnerId, created: false, status: existing.status };
  if (dryRun) return { partnerId, created: true, status: "active" };
  const entry: ClaimsAuditEvent = {
    action: "partner.create",
    targetUid: null,
    partnerId,
    claimsBefore: null,
    claimsAfter: null,
    tokensRevoked: false,
  };
  // Another run may have created it since the read; only the run that created it records an applied change.
  const created = await recorded(deps, entry, async () =>
    (await deps.partners.createPartner({ id: partnerId, status: "active" }))
      ? { applied: true }
      : { applied: false, reason: "another run created the partner first" },
  );
  return {
    partnerId,
    created,
    status: created ? "active" : ((await deps.partners.getPartner(partnerId))?.status ?? "active"),
  };
}

/**
 * Applies a claims change (a grant or a revoke): records it as pending, writes the claims if they changed,
 * revokes refresh tokens and stores the revocation when the plan says so, then ends the download links of
 * the attachments of the partner the user belonged to (links outlive no access), then marks the record
 * applied. Claims are written before tokens are revoked, so no token minted in between carries the old
 * claims; links end after the rules refuse the user, so the user cannot fetch a new one.
 */
export async function applyPlan(
  deps: ClaimsDeps,
  plan: ClaimsPlan,
  action: "claims.grant" | "claims.revoke",
  { dryRun }: { dryRun: boolean },
): Promise<void> {
  if (dryRun || (!plan.claimsChanged && !plan.revokeTokens)) return;
  const partnerId = action === "claims.grant" ? plan.after.partnerId : plan.before.partnerId;
  const entry: ClaimsAuditEvent = {
    action,
    targetUid: plan.uid,
    partnerId: typeof partnerId === "string" ? partnerId : null,
    claimsBefore: plan.before,
    claimsAfter: plan.after,
    tokensRevoked: plan.revokeTokens,
  };
  await recorded(deps, entry, async () => {
    if (plan.claimsChanged) await withRetry(() => deps.auth.setCustomUserClaims(plan.uid, plan.after));
    if (plan.revokeTokens) {
      await revokeTokens(deps, plan.uid);
      const previousPartner = plan.before.role === "partner" ? plan.before.partnerId : undefined;
      if (typeof previousPartner === "string")
        await withRetry(() => revokeAttachmentLinks(deps.attachments, previousPartner));
    }
    return { applied: true };
  });
}
