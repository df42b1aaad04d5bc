import { createHash } from "node:crypto";

/**
 * The delivery queue port: one task per attempt, run no earlier than asked, at least once. In
 * production a Cloud Functions task queue (Cloud Tasks); in memory for fast tests.
 */

/** One attempt of one event at one endpoint. */
export interface DeliveryTask {
  partnerId: string;
  endpointId: string;
  eventId: string;
  attempt: number;
  /** Set for a replay's attempt: one attempt of an event already delivered (or not) before. */
  replayId?: string;
}

export interface DeliveryQueue {
  /** Enqueues the attempt to run at `notBefore`; enqueuing one attempt twice enqueues it once. */
  enqueue(task: DeliveryTask, notBefore: Date): Promise<void>;
}

/**
 * The queue's id for an attempt: the same attempt always gets the same id, which the queue refuses to
 * take twice. A hash rather than the readable parts, because Cloud Tasks spreads load by task name and
 * slows down on names that share a prefix; hex fits its alphabet (letters, digits, -, _).
 */
export function deliveryTaskId(task: DeliveryTask): string {
  const { partnerId, endpointId, eventId, attempt, replayId } = task;
  const name = `${partnerId}/${endpointId}/${eventId}/${attempt}${replayId ? `/${replayId}` : ""}`;
  return createHash("sha256").update(name).digest("hex");
}
