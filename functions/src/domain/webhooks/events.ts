import { ApiError } from "../../errors.js";
import { isDocumentId } from "../entries/document-id.js";
import type { EntryEvent, ListEventsQuery } from "./event-schema.js";
import { decodePageToken, encodePageToken } from "../page-token.js";
import type { EventRecord } from "./ports.js";
import type { Page } from "./webhook-endpoints.js";
import { SUBSCRIBABLE_EVENT_TYPES } from "./webhook-schema.js";
import type { WebhookDeps } from "./webhooks.js";

/** What reading events needs: the events store, the clock and how long events are kept. */
export type EventsDeps = Pick<WebhookDeps, "events" | "clock" | "eventRetentionMs">;

/**
 * A page of the partner's entry events, newest first, never older than the retention (Firestore's TTL
 * deletes expired events within about a day; the API stops showing them at once).
 */
export async function listEvents(
  deps: EventsDeps,
  partnerId: string,
  query: ListEventsQuery,
): Promise<Page<EntryEvent>> {
  const after = query.pageToken ? decodePageToken(query.pageToken) : null;
  const oldest = oldestKept(deps);
  // createdAfter is exclusive; events carry millisecond times, so the next millisecond is the first kept.
  const requested = query.createdAfter ? new Date(Date.parse(query.createdAfter) + 1) : oldest;
  const found = await deps.events.list(partnerId, {
    types: query.type ? [query.type] : SUBSCRIBABLE_EVENT_TYPES,
    notBefore: requested > oldest ? requested : oldest,
    limit: query.limit + 1,
    after,
  });
  const page = found.slice(0, query.limit);
  const last = page.at(-1);
  return {
    data: page.map(({ event }) => entryEventOf(event)),
    nextPageToken: found.length > query.limit && last ? encodePageToken(last.cursor) : null,
  };
}

/** One of the partner's entry events; another partner's, a ping, an expired or a missing one is 404. */
export async function getEvent(deps: EventsDeps, partnerId: string, eventId: string): Promise<EntryEvent> {
  const record = isDocumentId(eventId) ? await deps.events.get(partnerId, eventId) : null;
  if (!record || record.type === "ping" || new Date(record.createdAt) < oldestKept(deps)) {
    throw new ApiError("NOT_FOUND", "No such event (events are kept 30 days).");
  }
  return entryEventOf(record);
}

/** The oldest creation time still kept. */
export function oldestKept(deps: Pick<EventsDeps, "clock" | "eventRetentionMs">): Date {
  return new Date(deps.clock().getTime() - deps.eventRetentionMs);
}

/** The event as its deliveries carry it: the stored body, byte for byte the same JSON. */
function entryEventOf(record: EventRecord): EntryEvent {
  return JSON.parse(record.payload) as EntryEvent;
}
