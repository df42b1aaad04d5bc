import type { Firestore } from "firebase-admin/firestore";
import type { Actor } from "./actor.js";
import { withRetry } from "./retry.js";

type Claims = Record<string, unknown>;

/** One change the CLI makes, as it lands in `auditLogs/{id}`. */
export interface AuditEntry {
  action: "claims.grant" | "claims.revoke" | "partner.create";
  targetUid: string | null;
  partnerId: string | null;
  claimsBefore: Claims | null;
  claimsAfter: Claims | null;
  /** Whether the user's refresh tokens are revoked, so tokens issued before stop working. */
  tokensRevoked: boolean;
}

/**
 * Where a change stands: recorded before it is made ("pending"), then "applied" once made, or
 * "not-applied" when a later run found it never took effect.
 */
export type AuditState = "pending" | "applied" | "not-applied";

/** A change an earlier run recorded but never settled (it stopped between the record and the end). */
export interface PendingChange {
  id: string;
  entry: AuditEntry;
}

/**
 * Where the CLI records changes. A change is recorded before it is made, so a failure after it (the
 * network, the audit store itself) can leave a record whose outcome is unknown, but never a change without one.
 */
export interface AuditLog {
  /** Records a change about to be made, as "pending"; returns the record's id. */
  intend(entry: AuditEntry): Promise<string>;
  /** Marks a recorded change as made. */
  applied(id: string): Promise<void>;
  /** Marks a recorded change as not made, saying why. */
  notApplied(id: string, reason: string): Promise<void>;
  /** Every record still pending. */
  pending(): Promise<PendingChange[]>;
}

/** An AuditLog over `auditLogs/{auto-id}` documents carrying the actor, the time and the run they belong to. */
export function firestoreAuditLog(
  db: Firestore,
  actor: Actor,
  { runId, now = () => new Date() }: { runId: string; now?: () => Date },
): AuditLog {
  const collection = db.collection("auditLogs");
  const settle = async (id: string, state: AuditState, reason: string | null) => {
    await withRetry(() => collection.doc(id).update({ state, reason, settledAt: now(), settledBy: runId }));
  };
  return {
    async intend(entry) {
      // The id is chosen here, so a retried write lands on the same document instead of adding a second.
      const doc = collection.doc();
      const state: AuditState = "pending";
      await withRetry(() => doc.set({ ...entry, state, actor, runId, source: "claims-cli", time: now() }));
      return doc.id;
    },
    applied: (id) => settle(id, "applied", null),
    notApplied: (id, reason) => settle(id, "not-applied", reason),
    async pending() {
      const state: AuditState = "pending";
      const snapshot = await withRetry(() => collection.where("state", "==", state).get());
      return snapshot.docs.map((doc) => ({ id: doc.id, entry: auditEntry(doc.data()) }));
    },
  };
}

function auditEntry(data: Record<string, unknown>): AuditEntry {
  return {
    action: data.action as AuditEntry["action"],
    targetUid: (data.targetUid as string | null) ?? null,
    partnerId: (data.partnerId as string | null) ?? null,
    claimsBefore: (data.claimsBefore as Claims | null) ?? null,
    claimsAfter: (data.claimsAfter as Claims | null) ?? null,
    tokensRevoked: data.tokensRevoked === true,
  };
}
