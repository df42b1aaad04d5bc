import type { PendingChange } from "./audit-log.js";
import { revokeTokens, type ClaimsDeps } from "./claims-service.js";
import { sameClaims } from "./claims-plan.js";
import { usersByUid } from "./users.js";

/** How a pending change was settled. */
export interface SettledChange {
  id: string;
  action: PendingChange["entry"]["action"];
  subject: string;
  applied: boolean;
}

/**
 * Settles the changes earlier runs recorded as pending for these users and partners, by looking at what
 * Auth and Firestore hold now: a user whose claims are the intended ones got the change (its token
 * revocation, whose outcome is unknown, is made again, which is safe), a partner that exists was created;
 * anything else never took effect. Runs before a command changes anything, so its own records are not among them.
 */
export async function settlePending(
  deps: ClaimsDeps,
  scope: { uids: readonly string[]; partnerIds: readonly string[] },
): Promise<SettledChange[]> {
  const uids = new Set(scope.uids);
  const partnerIds = new Set(scope.partnerIds);
  const pending = (await deps.audit.pending()).filter(({ entry }) =>
    entry.targetUid !== null
      ? uids.has(entry.targetUid)
      : entry.partnerId !== null && partnerIds.has(entry.partnerId),
  );
  if (pending.length === 0) return [];
  const users = await usersByUid(deps.auth, [
    ...new Set(pending.flatMap(({ entry }) => (entry.targetUid === null ? [] : [entry.targetUid]))),
  ]);
  const settled: SettledChange[] = [];
  for (const { id, entry } of pending) {
    let why: string | null;
    if (entry.targetUid === null) {
      const exists = entry.partnerId !== null && (await deps.partners.get(entry.partnerId)) !== null;
      why = exists ? null : "the partner does not exist";
    } else {
      const user = users.get(entry.targetUid);
      why = !user
        ? "the user no longer exists"
        : sameClaims(user.customClaims ?? {}, entry.claimsAfter ?? {})
          ? null
          : "the user's claims are not the intended ones";
      if (why === null && entry.tokensRevoked) await revokeTokens(deps, entry.targetUid);
    }
    if (why === null) await deps.audit.applied(id);
    else await deps.audit.notApplied(id, why);
    settled.push({
      id,
      action: entry.action,
      subject: entry.targetUid ?? entry.partnerId ?? "",
      applied: why === null,
    });
  }
  return settled;
}
