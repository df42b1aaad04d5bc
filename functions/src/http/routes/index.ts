import type { AppDeps } from "../app.js";
import type { Route } from "../router.js";
import type { RouteHandler } from "../route.js";
import { entryRoutes } from "./entries.js";
import { meRoutes } from "./me.js";
import { tokenRoute } from "./oauth-token.js";
import { publicRoutes } from "./public.js";
import { webhookRoutes } from "./webhook-endpoints.js";

/**
 * Every route of the API: the one table the app routes by, the OpenAPI document describes and the
 * tests enumerate. `openApiDocument` answers GET /v1/openapi.json.
 */
export function apiRoutes(
  deps: Pick<AppDeps, "ledger" | "tokenExchange" | "clientAddress" | "webhooks">,
  openApiDocument: () => unknown,
): Route<RouteHandler>[] {
  return [
    ...publicRoutes(openApiDocument),
    ...meRoutes(),
    ...entryRoutes(deps.ledger),
    tokenRoute(deps.tokenExchange, deps.clientAddress),
    ...webhookRoutes(deps.webhooks),
  ];
}
