import type { Firestore } from "firebase-admin/firestore";
import type { Actor } from "./actor.js";
import { withRetry } from "./retry.js";

type Claims = Record<string, unknown>;

/** One change the CLI made, as it lands in `auditLogs/{id}`. */
export interface AuditEntry {
  action: "claims.grant" | "claims.revoke" | "partner.create";
  targetUid: string | null;
  partnerId: string | null;
  claimsBefore: Claims | null;
  claimsAfter: Claims | null;
  /** Whether the user's refresh tokens were revoked, so tokens issued before stop working. */
  tokensRevoked: boolean;
}

/** Where the CLI records changes; every change writes exactly one entry. */
export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
}

/** An AuditLog writing `auditLogs/{auto-id}` documents with the actor, the time and the run they belong to. */
export function firestoreAuditLog(
  db: Firestore,
  actor: Actor,
  { runId, now = () => new Date() }: { runId: string; now?: () => Date },
): AuditLog {
  const collection = db.collection("auditLogs");
  return {
    async record(entry) {
      // A retried add may, rarely, log a change twice; a missing log line would be worse.
      await withRetry(() => collection.add({ ...entry, actor, runId, source: "claims-cli", time: now() }));
    },
  };
}
