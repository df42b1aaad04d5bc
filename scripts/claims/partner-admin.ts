import type { Partner, PartnerStatus } from "partner-api-functions/partners";
import { CliError } from "./cli-error.js";
import { recorded, type ClaimsAuditEvent, type ClaimsDeps } from "./claims-service.js";

/**
 * What an admin changes on `partners/{id}` (status, daily quota), each change recorded in auditLogs as
 * pending, then applied, like every claims change.
 */

/** The partner, or exit 2 naming it: every partner command needs an existing one. */
export async function existingPartner(deps: ClaimsDeps, partnerId: string): Promise<Partner> {
  const partner = await deps.partners.getPartner(partnerId);
  if (!partner)
    throw new CliError("INVALID_INPUT", `no partner "${partnerId}" (partners/${partnerId} is missing)`);
  return partner;
}

/** Sets the partner's status; false when it already had it (nothing written, nothing recorded). */
export async function setStatus(
  deps: ClaimsDeps,
  partner: Partner,
  status: PartnerStatus,
  { dryRun }: { dryRun: boolean },
): Promise<boolean> {
  if (partner.status === status || dryRun) return partner.status !== status;
  const entry = partnerEvent(status === "suspended" ? "partner.suspend" : "partner.activate", partner.id, {
    status: { before: partner.status, after: status },
  });
  return recorded(deps, entry, async () => {
    await deps.partners.setPartnerStatus(partner.id, status);
    return { applied: true };
  });
}

/** Sets or (null) removes the partner's daily request quota; false when unchanged. */
export async function setQuota(
  deps: ClaimsDeps,
  partner: Partner,
  quota: number | null,
  { dryRun }: { dryRun: boolean },
): Promise<boolean> {
  if (partner.dailyRequestQuota === quota || dryRun) return partner.dailyRequestQuota !== quota;
  const entry = partnerEvent("partner.set-quota", partner.id, {
    dailyRequestQuota: { before: partner.dailyRequestQuota, after: quota },
  });
  return recorded(deps, entry, async () => {
    await deps.partners.setDailyRequestQuota(partner.id, quota);
    return { applied: true };
  });
}

/** `<n|none>`: a whole number of requests per UTC day, or none for unlimited; exit 2 otherwise. */
export function parseQuota(text: string): number | null {
  if (text === "none") return null;
  if (!/^(0|[1-9][0-9]{0,14})$/.test(text)) {
    throw new CliError("INVALID_INPUT", `quota: "${text}" is neither a whole number of requests nor "none"`);
  }
  return Number(text);
}

function partnerEvent(
  action: ClaimsAuditEvent["action"],
  partnerId: string,
  partnerChanges: ClaimsAuditEvent["partnerChanges"],
): ClaimsAuditEvent {
  return {
    action,
    targetUid: null,
    partnerId,
    claimsBefore: null,
    claimsAfter: null,
    tokensRevoked: false,
    partnerChanges,
  };
}

/** What suspending a partner does, printed by `partners suspend` (README "Partner administration" says the same). */
export const SUSPENSION_EFFECTS = [
  "API: its users and machine-credential tokens get 403 within ACCESS_CACHE_SECONDS (default 30 s) on " +
    "instances that saw it recently, at once elsewhere; direct Firestore and Storage access is refused at once (rules)",
  "Machine credentials: the token endpoint issues no token (unauthorized_client); the credentials stay, " +
    "and work again after activation",
  "Webhooks: nothing is delivered while suspended (attempts are logged as skipped, not retried); events " +
    "are still recorded, so after activation it catches up with GET /v1/events or a replay",
];
