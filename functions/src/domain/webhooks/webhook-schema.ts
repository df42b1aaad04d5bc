import { z } from "zod";
import { entrySchema } from "../entries/entry-schema.js";

/**
 * The webhooks contract (DESIGN.md "Webhooks"), written once: the handlers validate with these
 * schemas and /v1/openapi.json is generated from them.
 */

/** The event types an endpoint can subscribe to; `ping` is sent only by the test route. */
export const SUBSCRIBABLE_EVENT_TYPES = ["entry.created", "entry.updated"] as const;
export type SubscribableEventType = (typeof SUBSCRIBABLE_EVENT_TYPES)[number];
export const EVENT_TYPES = [...SUBSCRIBABLE_EVENT_TYPES, "ping"] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Endpoints one partner may register: each entry change reads them all, so they stay few. */
export const MAX_ENDPOINTS_PER_PARTNER = 16;
export const MAX_URL_LENGTH = 2048;

const url = z
  .string()
  .min(1)
  .max(MAX_URL_LENGTH)
  .describe(
    "Where events are POSTed: an https URL whose host is a public address or name (checked again, " +
      "resolved, at every delivery).",
  );
const events = z
  .array(z.enum(SUBSCRIBABLE_EVENT_TYPES))
  .min(1)
  .max(SUBSCRIBABLE_EVENT_TYPES.length)
  .refine((types) => new Set(types).size === types.length, "must not repeat an event type")
  .describe("The event types to receive.");
const description = z.string().max(500);
const endpointStatus = z.enum(["enabled", "disabled"]);

export const createEndpointSchema = z.strictObject({
  url,
  events,
  description: description.optional(),
});
export type CreateEndpointInput = z.infer<typeof createEndpointSchema>;

export const updateEndpointSchema = z
  .strictObject({
    url: url.optional(),
    events: events.optional(),
    description: description.optional(),
    status: endpointStatus.optional().describe("enabled again clears disabledReason."),
  })
  .refine(
    (patch) => Object.keys(patch).length > 0,
    "must change at least one of url, events, description, status",
  );
export type UpdateEndpointInput = z.infer<typeof updateEndpointSchema>;

export const endpointSchema = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.enum(SUBSCRIBABLE_EVENT_TYPES)),
  description: z.string().nullable(),
  status: endpointStatus,
  disabledReason: z.string().nullable().describe("Why the endpoint is disabled; null while enabled."),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type EndpointView = z.infer<typeof endpointSchema>;

export const createdEndpointSchema = endpointSchema.extend({
  secret: z.string().describe("whsec_ and the base64 signing key; shown only in this answer."),
});

export const endpointPageSchema = z.object({
  data: z.array(endpointSchema),
  nextPageToken: z.string().nullable(),
});

export const rotatedSecretSchema = z.object({
  secret: z.string().describe("The new signing secret; the previous one also signs for 24 hours."),
});

export const deliveryStatusSchema = z.enum(["pending", "succeeded", "failed"]);

export const deliverySchema = z.object({
  id: z.string(),
  eventId: z.string(),
  eventType: z.enum(EVENT_TYPES),
  attempt: z.int().min(1),
  status: deliveryStatusSchema,
  responseStatus: z
    .int()
    .nullable()
    .describe("The receiver's HTTP status; null before or without an answer."),
  durationMs: z.int().nullable(),
  responseBodyPrefix: z
    .string()
    .nullable()
    .describe("The first bytes of the receiver's answer (at most 1 KiB, as UTF-8)."),
  error: z.string().nullable().describe("Why the attempt failed without an HTTP answer, or was not made."),
  scheduledAt: z.iso.datetime().describe("When the attempt is (or was) due."),
  createdAt: z.iso.datetime(),
});
export type Delivery = z.infer<typeof deliverySchema>;

export const deliveryPageSchema = z.object({
  data: z.array(deliverySchema),
  nextPageToken: z.string().nullable(),
});

/** The body POSTed to an endpoint; `data` is the entry as the API returns it (or a ping's details). */
export const eventSchema = z.object({
  id: z.string(),
  type: z.enum(EVENT_TYPES),
  createdAt: z.iso.datetime(),
  data: z.union([entrySchema, z.object({ endpointId: z.string() })]),
});
export type WebhookEvent = z.infer<typeof eventSchema>;
