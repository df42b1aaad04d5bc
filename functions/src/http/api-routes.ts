import type { AppDeps } from "./app.js";
import type { Route } from "./router.js";
import { v1Routes, type RouteHandler } from "./routes.js";
import { eventRoutes } from "./routes/events.js";
import { usageRoute } from "./routes/usage.js";
import { webhookReplayRoute } from "./routes/webhook-replay.js";
import { tokenRoute } from "./token-route.js";
import { webhookRoutes } from "./webhook-routes.js";

/**
 * Every route of the API, the one table the app routes by and the OpenAPI document (and its tests)
 * enumerate. A new route is one declaration in its resource's file and one line here.
 */
export function apiRoutes(deps: AppDeps, openApiDocument: () => unknown): Route<RouteHandler>[] {
  return [
    ...v1Routes(deps.ledger, openApiDocument),
    tokenRoute(deps.tokenExchange, deps.clientAddress),
    ...webhookRoutes(deps.webhooks),
    webhookReplayRoute(deps.webhooks),
    ...eventRoutes(deps.webhooks),
    usageRoute(deps.usage),
  ];
}
