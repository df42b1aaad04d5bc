import type { EntryCursor } from "../entries/ports.js";
import type { RequestDeadline } from "../request-deadline.js";
import type { Delivery, EndpointView, EventType } from "./webhook-schema.js";
import type { SigningSecret } from "./webhook-signature.js";
import { createHash } from "node:crypto";

// The webhooks subdomain's ports, in one place: what webhooks need from storage, the task queue and
// the network. Each is implemented over Firebase or node:http(s) and in memory (data/webhooks/).

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

/**
 * The delivery log port: one record per attempt of an event at an endpoint, pending until the attempt
 * runs, then its outcome. Implemented over Firestore and in memory (data/), with the same semantics.
 */

/** A listed delivery with the cursor that continues the listing just after it. */
export interface ListedDelivery {
  delivery: Delivery;
  cursor: EntryCursor;
}

export interface WebhookDeliveriesRepository {
  get(partnerId: string, endpointId: string, deliveryId: string): Promise<Delivery | null>;
  /** Records a scheduled attempt, unless it is recorded already (a repeated trigger or task run). */
  recordScheduled(partnerId: string, endpointId: string, delivery: Delivery): Promise<void>;
  /** Records what an attempt came to, over its pending record. */
  recordOutcome(partnerId: string, endpointId: string, delivery: Delivery): Promise<void>;
  /** Up to `limit` of an endpoint's attempts, newest first, after the cursor. */
  list(
    partnerId: string,
    endpointId: string,
    limit: number,
    after: EntryCursor | null,
  ): Promise<ListedDelivery[]>;
}

/**
 * The webhook endpoints port: a partner's registered endpoints with their signing secrets. A partner
 * has at most MAX_ENDPOINTS_PER_PARTNER, and every entry change reads them all, so the port serves
 * them as one set. Implemented over Firestore and in memory (data/), with the same semantics.
 */

/** An endpoint as stored: what the API shows, and the secrets it never shows again. */
export interface WebhookEndpoint extends EndpointView {
  /** The current secret (expiresAt null) first, then a rotated-out one until it expires. */
  secrets: SigningSecret[];
}

/** What a change of the set writes, and what it answers its caller. */
export interface EndpointsChange<T> {
  endpoints: WebhookEndpoint[];
  result: T;
}

export interface WebhookEndpointsRepository {
  /** Every endpoint of the partner, in no particular order. */
  list(partnerId: string): Promise<WebhookEndpoint[]>;
  /**
   * Reads the partner's endpoints, lets `change` compute the new set, and writes it, serializably
   * (run again on contention; an error thrown by `change` writes nothing). Under a request's deadline,
   * the commit is sent only as the deadline allows.
   */
  change<T>(
    partnerId: string,
    change: (endpoints: WebhookEndpoint[]) => EndpointsChange<T>,
    deadline?: RequestDeadline,
  ): Promise<T>;
}

/**
 * The webhook events port: each event once, with the exact body every delivery of it sends and the
 * endpoints it goes to. Implemented over Firestore and in memory (data/), with the same semantics.
 */

export interface EventRecord {
  id: string;
  type: EventType;
  createdAt: string;
  /** The JSON body, serialized once, so every attempt sends (and signs) the same bytes. */
  payload: string;
  /** The endpoints subscribed when the event was made; its deliveries go to these. */
  endpointIds: string[];
}

export interface WebhookEventsRepository {
  /**
   * Stores the event unless one with its id exists, and returns the stored one either way, so a
   * repeated trigger run gets the first run's event and endpoints rather than a second event.
   */
  createIfAbsent(partnerId: string, event: EventRecord): Promise<EventRecord>;
  get(partnerId: string, eventId: string): Promise<EventRecord | null>;
  /** Up to `limit` of a partner's events of the given types, newest first, after the cursor. */
  list(partnerId: string, query: EventListQuery): Promise<ListedEvent[]>;
}

export interface EventListQuery {
  types: readonly EventType[];
  /** Only events created at or after this time. */
  notBefore: Date;
  limit: number;
  after: EntryCursor | null;
}

/** A listed event with the cursor that continues the listing just after it. */
export interface ListedEvent {
  event: EventRecord;
  cursor: EntryCursor;
}

/**
 * The replay state port: per endpoint, the replay last started and how far it got, so one runs at a
 * time. Implemented over Firestore and in memory (data/), with the same transaction semantics.
 */

export interface ReplayState {
  replayId: string;
  /** How many events it re-sends; null while they are still being scheduled. */
  events: number | null;
  /** How many of its attempts have run. */
  attempted: number;
  startedAt: string;
}

export interface WebhookReplaysRepository {
  /**
   * Reads the endpoint's replay state and writes what `change` makes of it, in one transaction, so two
   * concurrent replays of one endpoint cannot both start. A null state writes nothing.
   */
  change<R>(
    partnerId: string,
    endpointId: string,
    change: (current: ReplayState | null) => { state: ReplayState | null; result: R },
  ): Promise<R>;
}

/**
 * The outbound side of a delivery: one POST to a partner's endpoint, bounded in time, following no
 * redirect, to no address the target policy refuses. Implemented over node:http(s) (data/).
 */

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export type WebhookResponse =
  | {
      kind: "answered";
      status: number;
      /** The Retry-After header, if the receiver sent one. */
      retryAfter: string | null;
      /** The first bytes of the answer's body, as UTF-8. */
      bodyPrefix: string;
      durationMs: number;
    }
  | {
      kind: "failed";
      /** What went wrong: a refused address, a timeout, a connection error. */
      error: string;
      durationMs: number;
    };

export type WebhookTransport = (request: WebhookRequest) => Promise<WebhookResponse>;
