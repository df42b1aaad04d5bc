import { z } from "zod";
import { MAX_PAGE_TOKEN_LENGTH } from "./page-token.js";
import { entrySchema } from "./entry-schema.js";
import { SUBSCRIBABLE_EVENT_TYPES } from "./webhook-schema.js";

/**
 * The events contract (DESIGN.md "Events"), written once: the handlers validate with these schemas and
 * /v1/openapi.json is generated from them.
 */

/** How long events are kept, listed and replayable (and their Firestore TTL). */
export const EVENT_RETENTION_DAYS = 30;

/** An entry's event, exactly as a webhook delivers it (same id). Pings are not events of the ledger. */
export const entryEventSchema = z.object({
  id: z.string().describe("evt_…; the webhook-id header of every delivery of this event."),
  type: z.enum(SUBSCRIBABLE_EVENT_TYPES),
  createdAt: z.iso.datetime().describe("When the change was committed."),
  data: entrySchema,
});

export type EntryEvent = z.infer<typeof entryEventSchema>;

export const eventPageSchema = z.object({
  data: z.array(entryEventSchema),
  nextPageToken: z.string().nullable(),
});

export const listEventsQuerySchema = z.strictObject({
  type: z.enum(SUBSCRIBABLE_EVENT_TYPES).optional().describe("Only events of this type."),
  createdAfter: z.iso
    .datetime({ offset: true })
    .optional()
    .describe(`Only events created after this time (RFC 3339); at most ${EVENT_RETENTION_DAYS} days back.`),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  pageToken: z.string().min(1).max(MAX_PAGE_TOKEN_LENGTH).optional().describe("Opaque; from nextPageToken."),
});
export type ListEventsQuery = z.infer<typeof listEventsQuerySchema>;

export const replayRequestSchema = z.strictObject({
  since: z.iso
    .datetime({ offset: true })
    .describe(
      `Re-send the events created at or after this time (RFC 3339), at most ${EVENT_RETENTION_DAYS} days back.`,
    ),
  types: z
    .array(z.enum(SUBSCRIBABLE_EVENT_TYPES))
    .min(1)
    .max(SUBSCRIBABLE_EVENT_TYPES.length)
    .optional()
    .describe("Only these event types; default: the types the endpoint subscribes to."),
});
export type ReplayRequest = z.infer<typeof replayRequestSchema>;

export const replayStartedSchema = z.object({
  replayId: z.string().describe("rpl_…; its attempts appear in the endpoint's deliveries."),
  events: z.int().min(0).describe("How many events will be re-sent."),
});
