import { z } from "zod";
import type { DeliveryTask } from "../domain/webhooks/ports.js";
import { MAX_ATTEMPTS } from "../domain/webhooks/retry-schedule.js";
import { deliverAttempt } from "../domain/webhooks/webhook-delivery.js";
import type { WebhookDeps } from "../domain/webhooks/webhooks.js";
import * as logs from "../logs.js";

const deliveryTaskSchema = z.strictObject({
  partnerId: z.string().min(1),
  endpointId: z.string().min(1),
  eventId: z.string().min(1),
  attempt: z.int().min(1).max(MAX_ATTEMPTS),
  replayId: z.string().min(1).optional(),
});

/**
 * Runs one delivery attempt from the task queue. A receiver's failure is an outcome, logged and
 * followed up by the next attempt's task, so the task itself succeeds; it throws only when a backend
 * fails, and the queue then runs it again.
 */
export async function handleDeliveryTask(deps: WebhookDeps, data: unknown): Promise<void> {
  const parsed = deliveryTaskSchema.safeParse(data);
  if (!parsed.success) {
    // Only our own code enqueues; a task of another shape cannot succeed however often it runs.
    logs.deliveryTaskRefused(parsed.error.message);
    return;
  }
  const { replayId, ...attempt } = parsed.data;
  const task: DeliveryTask = replayId ? { ...attempt, replayId } : attempt;
  logs.deliveryAttempted(task, await deliverAttempt(deps, task));
}
