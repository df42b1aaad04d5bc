import { Timestamp, type Firestore } from "firebase-admin/firestore";
import type { AuditLog, AuditState } from "../domain/audit-log.js";
import { collectionPath } from "./model.js";

/**
 * The audit-log port over Firestore (model.ts: `auditLogs/{auditId}`) = `{ ...event, ...context, time }`,
 * plus `state` for a two-step change (and `reason`, `settledAt`, `settledBy` once settled); the API,
 * the claims CLI and the tests all write through here.
 * `context` says who acts (the API, or the CLI's actor and run: `runId` becomes `settledBy`); events
 * are plain fields, and no secret or token ever goes in one.
 */
export function createAuditLogRepository<Event extends object>(
  db: Firestore,
  context: { source: string; runId?: string; [field: string]: unknown },
  clock: () => Date = () => new Date(),
): AuditLog<Event> {
  const collection = db.collection(collectionPath("auditLogs"));
  const envelope = new Set([...Object.keys(context), ...ENVELOPE_FIELDS]);
  const settle = async (id: string, state: AuditState, reason: string | null) => {
    const settledAt = Timestamp.fromDate(clock());
    await collection.doc(id).update({ state, reason, settledAt, settledBy: context.runId ?? context.source });
  };
  const record = (event: Event, state?: AuditState) => ({
    ...event,
    ...context,
    ...(state ? { state } : {}),
    time: Timestamp.fromDate(clock()),
  });
  return {
    async append(event) {
      await collection.add(record(event));
    },
    async intend(event) {
      // The id is chosen before the write, so a retried write lands on the same document, not a second.
      const doc = collection.doc();
      await doc.set(record(event, "pending"));
      return doc.id;
    },
    applied: (id) => settle(id, "applied", null),
    notApplied: (id, reason) => settle(id, "not-applied", reason),
    async pending() {
      const state: AuditState = "pending";
      const snapshot = await collection.where("state", "==", state).get();
      return snapshot.docs
        .sort((a, b) => (a.get("time") as Timestamp).toMillis() - (b.get("time") as Timestamp).toMillis())
        .map((doc) => ({
          id: doc.id,
          event: Object.fromEntries(
            Object.entries(doc.data()).filter(([field]) => !envelope.has(field)),
          ) as Event,
        }));
    },
  };
}

// What the log adds around an event; pending() hands back the event without them.
const ENVELOPE_FIELDS = ["time", "state", "reason", "settledAt", "settledBy"];
