import { revokeTokens, type ClaimsAuditEvent, type ClaimsDeps } from "./claims-service.js";
import { sameClaims } from "./claims-plan.js";
import { usersByUid } from "./users.js";

/** How a pending change was settled. */
export interface SettledChange {
  id: string;
  action: ClaimsAuditEvent["action"];
  subject: string;
  applied: boolean;
}

/**
 * Settles the changes earlier runs recorded as pending for these users and partners, by looking at what
 * Auth and Firestore hold now: a user whose claims are the intended ones got the change (its token
 * revocation, whose outcome is unknown, is made again, which is safe), a partner that exists was created,
 * a partner holding the intended status or quota got that change;
 * anything else never took effect. Runs before a command changes anything, so its own records are not among them.
 */
export async function settlePending(
  deps: ClaimsDeps,
  scope: { uids: readonly string[]; partnerIds: readonly string[] },
): Promise<SettledChange[]> {
  const uids = new Set(scope.uids);
  const partnerIds = new Set(scope.partnerIds);
  const pending = (await deps.audit.pending()).filter(({ event }) =>
    event.targetUid !== null
      ? uids.has(event.targetUid)
      : event.partnerId !== null && partnerIds.has(event.partnerId),
  );
  if (pending.length === 0) return [];
  const users = await usersByUid(deps.auth, [
    ...new Set(pending.flatMap(({ event }) => (event.targetUid === null ? [] : [event.targetUid]))),
  ]);
  const settled: SettledChange[] = [];
  for (const { id, event } of pending) {
    let why: string | null;
    if (event.targetUid === null) {
      const partner = event.partnerId === null ? null : await deps.partners.getPartner(event.partnerId);
      // A status or quota change took effect when the partner holds the intended values.
      const changed = Object.entries(event.partnerChanges ?? {}).every(
        ([field, { after }]) => (partner as Record<string, unknown> | null)?.[field] === after,
      );
      why = !partner
        ? "the partner does not exist"
        : changed
          ? null
          : "the partner does not hold the intended values";
    } else {
      const user = users.get(event.targetUid);
      why = !user
        ? "the user no longer exists"
        : sameClaims(user.customClaims ?? {}, event.claimsAfter ?? {})
          ? null
          : "the user's claims are not the intended ones";
      if (why === null && event.tokensRevoked) await revokeTokens(deps, event.targetUid);
    }
    if (why === null) await deps.audit.applied(id);
    else await deps.audit.notApplied(id, why);
    settled.push({
      id,
      action: event.action,
      subject: event.targetUid ?? event.partnerId ?? "",
      applied: why === null,
    });
  }
  return settled;
}
