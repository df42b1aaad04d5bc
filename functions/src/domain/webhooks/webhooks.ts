import type {
  DeliveryQueue,
  WebhookDeliveriesRepository,
  WebhookEndpointsRepository,
  WebhookEventsRepository,
  WebhookReplaysRepository,
  WebhookTransport,
} from "./ports.js";
import type { Partner } from "../access/ports.js";
import type { TargetPolicy } from "./webhook-target.js";

/** What the webhook operations need from the outside world, passed in so tests can choose. */
export interface WebhookDeps {
  endpoints: WebhookEndpointsRepository;
  events: WebhookEventsRepository;
  deliveries: WebhookDeliveriesRepository;
  replays: WebhookReplaysRepository;
  queue: DeliveryQueue;
  transport: WebhookTransport;
  /** The partner's status: a suspended partner's receivers get nothing until it is active again. */
  getPartner: (partnerId: string) => Promise<Partner | null>;
  clock: () => Date;
  /** A new random id with the given prefix: `we_…` for endpoints, `evt_…` for pings, `rpl_…` for replays. */
  newId: (prefix: "we" | "evt" | "rpl") => string;
  /** A new signing secret (`whsec_…`). */
  newSecret: () => string;
  policy: TargetPolicy;
  /** How long events are listed, fetched and replayable (30 days; shorter in tests). */
  eventRetentionMs: number;
  /** Divides every retry delay: 1 in production, larger on the emulator stack (config.ts). */
  retryDelayDivisor: number;
}
