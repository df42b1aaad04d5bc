import { composeWebhooks } from "../compose.js";
import {
  createInMemoryDeliveryQueue,
  type InMemoryDeliveryQueue,
} from "../data/webhooks/in-memory-delivery-queue.js";
import { createInMemoryWebhookDeliveries } from "../data/webhooks/in-memory-webhook-deliveries.js";
import { createInMemoryWebhookEndpoints } from "../data/webhooks/in-memory-webhook-endpoints.js";
import { createInMemoryWebhookEvents } from "../data/webhooks/in-memory-webhook-events.js";
import { createInMemoryWebhookReplays } from "../data/webhooks/in-memory-webhook-replays.js";
import type { PartnersRepository } from "../domain/access/ports.js";
import { deliverAttempt, type AttemptOutcome } from "../domain/webhooks/webhook-delivery.js";
import type { WebhookRequest, WebhookResponse } from "../domain/webhooks/ports.js";
import type { WebhookDeps } from "../domain/webhooks/webhooks.js";
import type { FakeClock } from "./fake-clock.js";

/**
 * Webhooks in this process: the in-memory stores and queue, the fake clock, and a scripted receiver in
 * place of the network. Tests run due tasks by hand and move the clock to reach later attempts.
 */
export interface InProcessWebhooks {
  deps: WebhookDeps;
  queue: InMemoryDeliveryQueue;
  /** Every request the receiver got, in order. */
  received: WebhookRequest[];
  /** How the receiver answers each request from now on (by default 200 "ok"). */
  answer(receiver: (request: WebhookRequest) => WebhookResponse): void;
  /** Runs every task due now, and those they make due now, until none is left; returns the outcomes. */
  runDue(): Promise<AttemptOutcome[]>;
}

export interface InProcessWebhooksOptions {
  /** The emulator stack's policy (loopback allowed) unless told otherwise. */
  allowLoopback?: boolean;
  retryDelayDivisor?: number;
  eventRetentionMs?: number;
  /** The partners whose status deliveries check; every partner is active without them. */
  partners?: PartnersRepository;
}

/** A receiver's answer, as the transport reports it. */
export function answered(status: number, body = "", retryAfter: string | null = null): WebhookResponse {
  return { kind: "answered", status, retryAfter, bodyPrefix: body, durationMs: 12 };
}

export function createInProcessWebhooks(
  clock: FakeClock,
  {
    allowLoopback = false,
    retryDelayDivisor = 1,
    eventRetentionMs = 30 * 24 * 60 * 60 * 1000,
    partners,
  }: InProcessWebhooksOptions = {},
): InProcessWebhooks {
  const queue = createInMemoryDeliveryQueue();
  const received: WebhookRequest[] = [];
  let receiver = (_request: WebhookRequest) => answered(200, "ok");
  const ids = { we: 0, evt: 0, rpl: 0 };
  const deps = composeWebhooks(
    {
      endpoints: createInMemoryWebhookEndpoints(),
      events: createInMemoryWebhookEvents(),
      deliveries: createInMemoryWebhookDeliveries(),
      replays: createInMemoryWebhookReplays(),
      queue,
      transport: async (request) => {
        received.push(request);
        return receiver(request);
      },
      getPartner: async (partnerId) =>
        partners
          ? partners.getPartner(partnerId)
          : { id: partnerId, status: "active", dailyRequestQuota: null },
      clock: clock.now,
      newId: (prefix) => `${prefix}_${String(++ids[prefix]).padStart(6, "0")}`,
    },
    { policy: { allowLoopback }, eventRetentionMs, retryDelayDivisor },
  );
  return {
    deps,
    queue,
    received,
    answer(next) {
      receiver = next;
    },
    async runDue() {
      const outcomes: AttemptOutcome[] = [];
      for (let due = queue.takeDue(clock.now()); due.length > 0; due = queue.takeDue(clock.now())) {
        for (const task of due) outcomes.push(await deliverAttempt(deps, task));
      }
      return outcomes;
    },
  };
}
