import { replayRequestSchema, replayStartedSchema } from "../../domain/event-schema.js";
import { parseOrThrow } from "../../domain/validation.js";
import { startReplay } from "../../domain/webhook-replay.js";
import type { WebhookDeps } from "../../domain/webhooks.js";
import { jsonObjectBody } from "../request-body.js";
import type { Route } from "../router.js";
import { idParam, type RouteHandler } from "../routes.js";

/** POST /v1/webhook-endpoints/{id}/replay (DESIGN.md "Events"). */
export function webhookReplayRoute(deps: WebhookDeps): Route<RouteHandler> {
  return {
    method: "POST",
    path: "/v1/webhook-endpoints/:id/replay",
    handler: {
      access: "webhooks:manage",
      doc: {
        operationId: "replayWebhookEvents",
        summary: "Replay events",
        description:
          "Re-sends the partner's events since a time (at most 30 days back) to this endpoint, each once, " +
          "signed like any delivery and with its original id in webhook-id, so a receiver that skips ids it " +
          "has processed is safe. Each attempt appears in the endpoint's deliveries; failed ones are not " +
          "retried (replay again). The endpoint must be enabled; one replay per endpoint runs at a time.",
        pathParameters: { id: "The webhook endpoint's id (we_…)." },
        body: replayRequestSchema,
        success: { status: 202, description: "The replay, started.", schema: replayStartedSchema },
        errors: ["NOT_FOUND", "CONFLICT", "REPLAY_IN_PROGRESS", "OUTCOME_UNKNOWN"],
      },
      handle: async ({ req, params, principal, deadline }) => {
        const input = parseOrThrow(replayRequestSchema, jsonObjectBody(req, ["application/json"]), "replay");
        return {
          status: 202,
          body: await startReplay(deps, principal.partnerId, idParam(params), input, deadline),
        };
      },
    },
  };
}
