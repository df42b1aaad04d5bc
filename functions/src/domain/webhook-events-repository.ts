import type { EntryCursor } from "./entries-repository.js";
import type { EventType } from "./webhook-schema.js";

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
