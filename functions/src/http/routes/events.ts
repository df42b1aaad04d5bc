import {
  entryEventSchema,
  eventPageSchema,
  listEventsQuerySchema,
} from "../../domain/webhooks/event-schema.js";
import { getEvent, listEvents, type EventsDeps } from "../../domain/webhooks/events.js";
import type { Route } from "../router.js";
import { accepting, idParam, type RouteHandler } from "../route.js";

/** The /v1/events routes (DESIGN.md "Events"): what webhooks delivered (or would have), kept 30 days. */
export function eventRoutes(deps: EventsDeps): Route<RouteHandler>[] {
  return [
    {
      method: "GET",
      path: "/v1/events",
      handler: {
        access: "entries:read",
        doc: {
          operationId: "listEvents",
          summary: "List events",
          description:
            "The partner's entry events of the last 30 days, newest first, whether or not a webhook " +
            "endpoint received them: each is exactly what a delivery carries, with the same id. Pass " +
            "nextPageToken as pageToken for the next page; to catch up after an outage, pass the time of " +
            "the last event you processed as createdAfter.",
          success: { status: 200, description: "A page of events.", schema: eventPageSchema },
          errors: [],
        },
        ...accepting({ query: listEventsQuerySchema }, async ({ principal }, { query }) => {
          return { status: 200, body: await listEvents(deps, principal.partnerId, query) };
        }),
      },
    },
    {
      method: "GET",
      path: "/v1/events/:id",
      handler: {
        access: "entries:read",
        doc: {
          operationId: "getEvent",
          summary: "Get an event",
          description: "One of the partner's events of the last 30 days; another partner's is 404.",
          pathParameters: { id: "The event's id (evt_…), as the webhook-id header carried it." },
          success: { status: 200, description: "The event.", schema: entryEventSchema },
          errors: ["NOT_FOUND"],
        },
        handle: async ({ params, principal }) => ({
          status: 200,
          body: await getEvent(deps, principal.partnerId, idParam(params)),
        }),
      },
    },
  ];
}
