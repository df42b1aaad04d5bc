import { Timestamp, type Firestore } from "firebase-admin/firestore";

/**
 * Appends events to `auditLogs/{auto-id}`, each with `context` (who acts: the API, or the CLI's
 * actor and run) and the time. Events are plain fields; no secret or token ever goes in one.
 */
export function firestoreAuditLogs<Event extends object>(
  db: Firestore,
  context: Record<string, unknown>,
  clock: () => Date = () => new Date(),
): (event: Event) => Promise<void> {
  const collection = db.collection("auditLogs");
  return async (event) => {
    await collection.add({ ...event, ...context, time: Timestamp.fromDate(clock()) });
  };
}
