import { listEntriesQuerySchema } from "../../domain/entries/entry-schema.js";
import { sendPing } from "../../domain/webhooks/webhook-delivery.js";
import {
  createEndpoint,
  deleteEndpoint,
  getEndpoint,
  listDeliveries,
  listEndpoints,
  rotateSecret,
  updateEndpoint,
} from "../../domain/webhooks/webhook-endpoints.js";
import {
  createdEndpointSchema,
  createEndpointSchema,
  deliveryPageSchema,
  endpointPageSchema,
  endpointSchema,
  eventSchema,
  rotatedSecretSchema,
  updateEndpointSchema,
} from "../../domain/webhooks/webhook-schema.js";
import type { WebhookDeps } from "../../domain/webhooks/webhooks.js";
import { MERGE_PATCH_MEDIA_TYPES } from "../request-body.js";
import type { Route } from "../router.js";
import { accepting, idParam, type RouteHandler } from "../route.js";

const ENDPOINT_ID = { id: "The webhook endpoint's id (we_…)." };

/** The /v1/webhook-endpoints routes (DESIGN.md "Webhooks"); each needs the webhooks:manage scope. */
export function webhookRoutes(deps: WebhookDeps): Route<RouteHandler>[] {
  return [
    {
      method: "POST",
      path: "/v1/webhook-endpoints",
      handler: {
        access: "webhooks:manage",
        doc: {
          operationId: "createWebhookEndpoint",
          summary: "Register a webhook endpoint",
          description:
            "Registers an endpoint for the given event types. The answer carries the signing secret, " +
            "which is never shown again. At most 16 endpoints per partner (409 beyond).",
          success: {
            status: 201,
            description: "Registered and enabled.",
            schema: createdEndpointSchema,
            headers: { Location: "The endpoint, relative to this URL." },
          },
          errors: ["INVALID_REQUEST", "CONFLICT", "ENDPOINT_LIMIT_REACHED", "OUTCOME_UNKNOWN"],
        },
        ...accepting(
          { body: { schema: createEndpointSchema, name: "webhook endpoint" } },
          async ({ principal, deadline }, { body: input }) => {
            const created = await createEndpoint(deps, principal.partnerId, input, deadline);
            return { status: 201, body: created, headers: { Location: `webhook-endpoints/${created.id}` } };
          },
        ),
      },
    },
    {
      method: "GET",
      path: "/v1/webhook-endpoints",
      handler: {
        access: "webhooks:manage",
        doc: {
          operationId: "listWebhookEndpoints",
          summary: "List webhook endpoints",
          description: "Newest first; pass nextPageToken as pageToken for the next page.",
          success: { status: 200, description: "A page of endpoints.", schema: endpointPageSchema },
          errors: [],
        },
        ...accepting({ query: listEntriesQuerySchema }, async ({ principal }, { query }) => {
          return { status: 200, body: await listEndpoints(deps, principal.partnerId, query) };
        }),
      },
    },
    {
      method: "GET",
      path: "/v1/webhook-endpoints/:id",
      handler: {
        access: "webhooks:manage",
        doc: {
          operationId: "getWebhookEndpoint",
          summary: "Get a webhook endpoint",
          description: "One of the partner's endpoints (never its secret); another partner's is 404.",
          pathParameters: ENDPOINT_ID,
          success: { status: 200, description: "The endpoint.", schema: endpointSchema },
          errors: ["NOT_FOUND"],
        },
        handle: async ({ params, principal }) => ({
          status: 200,
          body: await getEndpoint(deps, principal.partnerId, idParam(params)),
        }),
      },
    },
    {
      method: "PATCH",
      path: "/v1/webhook-endpoints/:id",
      handler: {
        access: "webhooks:manage",
        doc: {
          operationId: "updateWebhookEndpoint",
          summary: "Update a webhook endpoint",
          description: "Changes the URL, the event types, the description or the status.",
          pathParameters: ENDPOINT_ID,
          success: { status: 200, description: "The updated endpoint.", schema: endpointSchema },
          errors: ["NOT_FOUND", "CONFLICT", "OUTCOME_UNKNOWN"],
        },
        ...accepting(
          { body: { schema: updateEndpointSchema, name: "update", mediaTypes: MERGE_PATCH_MEDIA_TYPES } },
          async ({ params, principal, deadline }, { body: patch }) => {
            return {
              status: 200,
              body: await updateEndpoint(deps, principal.partnerId, idParam(params), patch, deadline),
            };
          },
        ),
      },
    },
    {
      method: "DELETE",
      path: "/v1/webhook-endpoints/:id",
      handler: {
        access: "webhooks:manage",
        doc: {
          operationId: "deleteWebhookEndpoint",
          summary: "Delete a webhook endpoint",
          description: "Removes the endpoint; attempts still queued for it are dropped.",
          pathParameters: ENDPOINT_ID,
          success: { status: 204, description: "Removed." },
          errors: ["NOT_FOUND", "CONFLICT", "OUTCOME_UNKNOWN"],
        },
        handle: async ({ params, principal, deadline }) => {
          await deleteEndpoint(deps, principal.partnerId, idParam(params), deadline);
          return { status: 204, body: undefined };
        },
      },
    },
    {
      method: "POST",
      path: "/v1/webhook-endpoints/:id/rotate-secret",
      handler: {
        access: "webhooks:manage",
        doc: {
          operationId: "rotateWebhookEndpointSecret",
          summary: "Rotate an endpoint's signing secret",
          description:
            "A new signing secret, shown only in this answer. The previous one keeps signing for 24 hours, " +
            "so deliveries carry both signatures (space-separated) until then.",
          pathParameters: ENDPOINT_ID,
          success: { status: 200, description: "The new secret.", schema: rotatedSecretSchema },
          errors: ["NOT_FOUND", "CONFLICT", "OUTCOME_UNKNOWN"],
        },
        handle: async ({ params, principal, deadline }) => ({
          status: 200,
          body: await rotateSecret(deps, principal.partnerId, idParam(params), deadline),
        }),
      },
    },
    {
      method: "POST",
      path: "/v1/webhook-endpoints/:id/test",
      handler: {
        access: "webhooks:manage",
        doc: {
          operationId: "testWebhookEndpoint",
          summary: "Send a test ping",
          description:
            "Sends a ping event to the endpoint (also to a disabled one, to test a fix before enabling " +
            "it), in one attempt: a failed ping is not retried and disables nothing but on 410. The " +
            "attempt appears in the delivery log.",
          pathParameters: ENDPOINT_ID,
          success: { status: 202, description: "The ping, queued for delivery.", schema: eventSchema },
          errors: ["NOT_FOUND", "OUTCOME_UNKNOWN"],
        },
        handle: async ({ params, principal, deadline }) => ({
          status: 202,
          body: await sendPing(deps, principal.partnerId, idParam(params), deadline),
        }),
      },
    },
    {
      method: "GET",
      path: "/v1/webhook-endpoints/:id/deliveries",
      handler: {
        access: "webhooks:manage",
        doc: {
          operationId: "listWebhookDeliveries",
          summary: "List delivery attempts",
          description:
            "Every attempt to deliver an event to the endpoint, newest first: pending until it runs, then " +
            "succeeded or failed with the receiver's status, the time it took and the start of its answer.",
          pathParameters: ENDPOINT_ID,
          success: { status: 200, description: "A page of delivery attempts.", schema: deliveryPageSchema },
          errors: ["NOT_FOUND"],
        },
        ...accepting({ query: listEntriesQuerySchema }, async ({ params, principal }, { query }) => {
          return {
            status: 200,
            body: await listDeliveries(deps, principal.partnerId, idParam(params), query),
          };
        }),
      },
    },
  ];
}
