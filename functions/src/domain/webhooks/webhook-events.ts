import { createHash } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import type { Entry } from "../entries/entry-schema.js";
import type { WebhookEvent } from "./webhook-schema.js";

/** One committed change of an entry, as a Firestore trigger reports it. */
export interface EntryChange {
  /**
   * The trigger event's id (the CloudEvent id). A trigger may run more than once for one change, always
   * with the same id, so the webhook event's id is derived from it and a second run finds the first's.
   */
  sourceEventId: string;
  /** When the change was committed (the CloudEvent time). */
  time: string;
  before: Entry | null;
  after: Entry | null;
}

/** The webhook event id for a trigger event: `evt_` and 128 bits of its hash. */
export function eventIdFor(sourceEventId: string): string {
  return `evt_${createHash("sha256").update(sourceEventId).digest("base64url").slice(0, 22)}`;
}

/**
 * The event a committed change makes: `entry.created` for a new entry, `entry.updated` for a changed
 * one (a correction or a void), the entry as the API returns it. A deletion (entries are never
 * deleted) or a write that changed nothing makes none.
 */
export function entryChangeEvent(change: EntryChange): WebhookEvent | null {
  const { before, after } = change;
  if (!after || isDeepStrictEqual(before, after)) return null;
  return {
    id: eventIdFor(change.sourceEventId),
    type: before ? "entry.updated" : "entry.created",
    createdAt: new Date(change.time).toISOString(),
    data: after,
  };
}

/** The event the test route sends to one endpoint. */
export function pingEvent(id: string, endpointId: string, now: Date): WebhookEvent {
  return { id, type: "ping", createdAt: now.toISOString(), data: { endpointId } };
}
