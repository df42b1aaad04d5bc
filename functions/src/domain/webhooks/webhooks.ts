import type { DeliveryQueue } from "./delivery-queue.js";
import type { WebhookDeliveriesRepository } from "./webhook-deliveries-repository.js";
import type { WebhookEndpointsRepository } from "./webhook-endpoints-repository.js";
import type { WebhookEventsRepository } from "./webhook-events-repository.js";
import type { TargetPolicy } from "./webhook-target.js";
import type { WebhookTransport } from "./webhook-transport.js";

/** What the webhook operations need from the outside world, passed in so tests can choose. */
export interface WebhookDeps {
  endpoints: WebhookEndpointsRepository;
  events: WebhookEventsRepository;
  deliveries: WebhookDeliveriesRepository;
  queue: DeliveryQueue;
  transport: WebhookTransport;
  clock: () => Date;
  /** A new random id with the given prefix: `we_…` for endpoints, `evt_…` for pings. */
  newId: (prefix: "we" | "evt") => string;
  /** A new signing secret (`whsec_…`). */
  newSecret: () => string;
  policy: TargetPolicy;
  /** Divides every retry delay: 1 in production, larger on the emulator stack (config.ts). */
  retryDelayDivisor: number;
}
