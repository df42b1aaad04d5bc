import type { DeliveryTask } from "./ports.js";
import type { RequestDeadline } from "../request-deadline.js";
import { disableEndpoint, findEndpoint } from "./webhook-endpoints.js";
import type { EventRecord } from "./ports.js";
import { entryChangeEvent, pingEvent, type EntryChange } from "./webhook-events.js";
import { MAX_ATTEMPTS, retryDelayMs } from "./retry-schedule.js";
import { countReplayAttempt } from "./webhook-replay.js";
import type { Delivery, WebhookEvent } from "./webhook-schema.js";
import { signatureHeaders } from "./webhook-signature.js";
import type { WebhookResponse } from "./ports.js";
import type { WebhookDeps } from "./webhooks.js";

/**
 * From a committed change to the receivers: each change becomes one event, each event one chain of
 * attempts per subscribed endpoint, each attempt one queued task. Every step can run again (the
 * trigger and the queue both deliver at least once) without doubling anything: the event is created
 * only if absent, attempts have fixed ids, and a finished attempt is not made again.
 */

/** The longest prefix of a receiver's answer kept in the delivery log. */
export const RESPONSE_BODY_PREFIX_BYTES = 1024;

/** What publishing a change came to, for the trigger's log line. */
export interface Published {
  eventId: string;
  type: WebhookEvent["type"];
  endpointIds: string[];
}

/**
 * Turns a committed change of an entry into its event and schedules the first attempt at every
 * enabled endpoint subscribed to its type. A repeated run for the same change finds the event the
 * first run stored and schedules the same attempts, which the queue takes once.
 */
export async function publishEntryChange(
  deps: WebhookDeps,
  partnerId: string,
  change: EntryChange,
): Promise<Published | null> {
  const event = entryChangeEvent(change);
  if (!event) return null;
  const subscribed = (await deps.endpoints.list(partnerId)).filter(
    (endpoint) => endpoint.status === "enabled" && endpoint.events.some((type) => type === event.type),
  );
  // Every change's event is stored, subscribers or not: GET /v1/events lists them and a replay re-sends
  // them, so a partner whose receiver was down (or who had none yet) can catch up. A repeated run finds
  // the first run's event and its endpoints.
  const stored = await deps.events.createIfAbsent(
    partnerId,
    recordOf(
      event,
      subscribed.map(({ id }) => id),
    ),
  );
  await Promise.all(
    stored.endpointIds.map((endpointId) =>
      scheduleAttempt(deps, partnerId, endpointId, stored, 1, deps.clock()),
    ),
  );
  return { eventId: stored.id, type: stored.type, endpointIds: stored.endpointIds };
}

/** Sends a `ping` to one endpoint (disabled or not, so a partner can test a fix before enabling). */
export async function sendPing(
  deps: WebhookDeps,
  partnerId: string,
  endpointId: string,
  deadline?: RequestDeadline,
): Promise<WebhookEvent> {
  await findEndpoint(deps, partnerId, endpointId);
  // Past this point the request writes, so its deadline may no longer answer it with a 503.
  deadline?.beforeCommit();
  const now = deps.clock();
  const event = pingEvent(deps.newId("evt"), endpointId, now);
  const stored = await deps.events.createIfAbsent(partnerId, recordOf(event, [endpointId]));
  await scheduleAttempt(deps, partnerId, endpointId, stored, 1, now);
  return event;
}

/** What one run of an attempt's task came to, for its log line. */
export type AttemptOutcome =
  | { kind: "done-already" | "endpoint-gone" | "event-gone" }
  | {
      kind: "delivered" | "failed" | "skipped";
      delivery: Delivery;
      /** When the next attempt is due, if one is scheduled. */
      nextAttemptAt: string | null;
      /** Why the endpoint was disabled, if this attempt disabled it. */
      disabledReason: string | null;
    };

/**
 * Runs one attempt: signs the event with the endpoint's valid secrets, POSTs it, and logs the outcome.
 * A failure schedules the next attempt (the contract's delay, or Retry-After's if longer); `410 Gone`
 * disables the endpoint at once, and so does the failure of the last attempt, each with its reason.
 * The follow-up is arranged before the outcome is logged: if this run dies in between, the queue runs
 * it again, and the attempt (still pending) is repeated rather than its follow-up lost.
 */
export async function deliverAttempt(deps: WebhookDeps, task: DeliveryTask): Promise<AttemptOutcome> {
  const outcome = await runAttempt(deps, task);
  // A replay's attempt is counted once it has run (or cannot run), so the replay ends when all have.
  if (task.replayId && outcome.kind !== "done-already" && outcome.kind !== "endpoint-gone") {
    await countReplayAttempt(deps, task.partnerId, task.endpointId, task.replayId);
  }
  return outcome;
}

async function runAttempt(deps: WebhookDeps, task: DeliveryTask): Promise<AttemptOutcome> {
  const { partnerId, endpointId, eventId, attempt, replayId } = task;
  const [pending, event, endpoint, partner] = await Promise.all([
    deps.deliveries.get(partnerId, endpointId, deliveryId(eventId, attempt, replayId)),
    deps.events.get(partnerId, eventId),
    // Stryker disable next-line ArrowFunction: undefined tells "gone" as null does
    findEndpoint(deps, partnerId, endpointId).catch(() => null),
    deps.getPartner(partnerId),
  ]);
  if (pending && pending.status !== "pending") return { kind: "done-already" };
  if (!endpoint) return { kind: "endpoint-gone" };
  if (!event) return { kind: "event-gone" };
  const scheduled = pending ?? pendingDelivery(event, attempt, deps.clock(), deps.clock(), replayId);
  // Nothing goes to a suspended partner; once active again it catches up with GET /v1/events or a replay.
  const refusal =
    partner?.status !== "active"
      ? "The partner is suspended."
      : endpoint.status === "disabled" && event.type !== "ping"
        ? "The endpoint is disabled."
        : null;
  if (refusal) {
    const delivery: Delivery = { ...scheduled, status: "failed", error: refusal };
    await deps.deliveries.recordOutcome(partnerId, endpointId, delivery);
    return { kind: "skipped", delivery, nextAttemptAt: null, disabledReason: null };
  }
  const now = deps.clock();
  const response = await deps.transport({
    url: endpoint.url,
    headers: {
      "content-type": "application/json",
      "user-agent": "partner-api-webhooks/1",
      ...signatureHeaders(event.id, event.payload, endpoint.secrets, now),
    },
    body: event.payload,
  });
  const delivery = outcomeOf(scheduled, response);
  let nextAttemptAt: string | null = null;
  let disabledReason: string | null = null;
  // Stryker disable next-line ConditionalExpression: an attempt without an answer has no status, so it is never 410 either way
  const gone = response.kind === "answered" && response.status === 410;
  // A ping is tried once: the test route is one request of a partner, and retried up to eight times
  // per failure it would make this API a relay that knocks on any public URL. A failed ping tells the
  // partner what it needs, so it neither retries nor disables (a 410 still disables: the receiver
  // asked for it). A replay's attempt is made once too: the partner replays again after reading the
  // delivery log.
  const retried = event.type !== "ping" && !replayId;
  if (delivery.status === "failed" && (retried || gone)) {
    const delay = gone
      ? null
      : retryDelayMs(
          attempt,
          response.kind === "answered" ? response.retryAfter : null,
          now,
          deps.retryDelayDivisor,
        );
    if (delay === null) {
      const reason = disabledReasonFor(event.id, attempt, response, gone);
      if (await disableEndpoint(deps, partnerId, endpointId, reason)) disabledReason = reason;
    } else {
      const at = new Date(now.getTime() + delay);
      await scheduleAttempt(deps, partnerId, endpointId, event, attempt + 1, at);
      nextAttemptAt = at.toISOString();
    }
  }
  await deps.deliveries.recordOutcome(partnerId, endpointId, delivery);
  return {
    kind: delivery.status === "succeeded" ? "delivered" : "failed",
    delivery,
    nextAttemptAt,
    disabledReason,
  };
}

/**
 * An attempt's id in its endpoint's log: readable, and the same for every run of the attempt. A
 * replay's attempt carries the replay's id instead of a number, so it never meets the original's.
 */
export function deliveryId(eventId: string, attempt: number, replayId?: string): string {
  return `dlv_${eventId.replace(/^evt_/, "")}_${replayId ?? attempt}`;
}

function recordOf(event: WebhookEvent, endpointIds: string[]): EventRecord {
  return {
    id: event.id,
    type: event.type,
    createdAt: event.createdAt,
    payload: JSON.stringify(event),
    endpointIds,
  };
}

/** Logs an attempt as pending and queues it to run at `at`; `replayId` for a replay's attempt. */
export async function scheduleAttempt(
  deps: WebhookDeps,
  partnerId: string,
  endpointId: string,
  event: EventRecord,
  attempt: number,
  at: Date,
  replayId?: string,
): Promise<void> {
  // Logged as pending first, so the log shows the attempt even before the queue runs it.
  await deps.deliveries.recordScheduled(
    partnerId,
    endpointId,
    pendingDelivery(event, attempt, at, deps.clock(), replayId),
  );
  await deps.queue.enqueue(
    { partnerId, endpointId, eventId: event.id, attempt, ...(replayId ? { replayId } : {}) },
    at,
  );
}

function pendingDelivery(
  event: EventRecord,
  attempt: number,
  scheduledAt: Date,
  now: Date = scheduledAt,
  replayId?: string,
): Delivery {
  return {
    id: deliveryId(event.id, attempt, replayId),
    eventId: event.id,
    eventType: event.type,
    attempt,
    status: "pending",
    responseStatus: null,
    durationMs: null,
    responseBodyPrefix: null,
    error: null,
    scheduledAt: scheduledAt.toISOString(),
    createdAt: now.toISOString(),
  };
}

function outcomeOf(scheduled: Delivery, response: WebhookResponse): Delivery {
  const durationMs = Math.round(response.durationMs);
  if (response.kind === "failed") {
    return { ...scheduled, status: "failed", durationMs, error: response.error };
  }
  const succeeded = response.status >= 200 && response.status < 300;
  return {
    ...scheduled,
    status: succeeded ? "succeeded" : "failed",
    responseStatus: response.status,
    durationMs,
    responseBodyPrefix: response.bodyPrefix,
  };
}

function disabledReasonFor(
  eventId: string,
  attempt: number,
  response: WebhookResponse,
  gone: boolean,
): string {
  if (gone) {
    return `The endpoint answered 410 Gone to ${eventId} (attempt ${attempt}).`;
  }
  const last = response.kind === "answered" ? `HTTP ${response.status}` : response.error;
  return `All ${MAX_ATTEMPTS} attempts to deliver ${eventId} failed; the last: ${last}.`;
}
