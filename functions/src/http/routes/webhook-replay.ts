import { replayRequestSchema, replayStartedSchema } from "../../domain/webhooks/event-schema.js";
import { startReplay } from "../../domain/webhooks/webhook-replay.js";
import type { WebhookDeps } from "../../domain/webhooks/webhooks.js";
import type { Route } from "../router.js";
import { accepting, idParam, type RouteHandler } from "../route.js";

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
        success: { status: 202, description: "The replay, started.", schema: replayStartedSchema },
        errors: ["NOT_FOUND", "CONFLICT", "REPLAY_IN_PROGRESS", "OUTCOME_UNKNOWN"],
      },
      ...accepting(
        { body: { schema: replayRequestSchema, name: "replay" } },
        async ({ params, principal, deadline }, { body: input }) => {
          return {
            status: 202,
            body: await startReplay(deps, principal.partnerId, idParam(params), input, deadline),
          };
        },
      ),
    },
  };
}
