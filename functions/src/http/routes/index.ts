import type { LedgerDeps } from "../../domain/entries/entries.js";
import type { TokenExchangeDeps } from "../../domain/credentials/token-exchange.js";
import type { UsageDeps } from "../../domain/usage/usage-report.js";
import type { WebhookDeps } from "../../domain/webhooks/webhooks.js";
import type { ClientAddress } from "../client-address.js";
import type { Route } from "../router.js";
import type { RouteHandler } from "../route.js";
import { entryRoutes } from "./entries.js";
import { eventRoutes } from "./events.js";
import { meRoutes } from "./me.js";
import { tokenRoute } from "./oauth-token.js";
import { publicRoutes } from "./public.js";
import { usageRoute } from "./usage.js";
import { webhookRoutes } from "./webhook-endpoints.js";
import { webhookReplayRoute } from "./webhook-replay.js";

/** What the routes' handlers need. */
export interface RouteDeps {
  ledger: LedgerDeps;
  /** The OAuth 2.0 token endpoint's dependencies (machine credentials). */
  tokenExchange: TokenExchangeDeps;
  /** Where a request came from, for counting the token endpoint's failures per source. */
  clientAddress: ClientAddress;
  /** The webhook endpoints' stores, their delivery queue and the target policy. */
  webhooks: WebhookDeps;
  /** Counts each partner's requests per day and enforces its daily quota (domain/usage/usage-meter.ts). */
  usage: UsageDeps;
}

/**
 * Every route of the API: the one table the app routes by, the OpenAPI document describes and the
 * tests enumerate. `openApiDocument` answers GET /v1/openapi.json. A new route is one declaration in
 * its resource's file and one line here.
 */
export function apiRoutes(deps: RouteDeps, openApiDocument: () => unknown): Route<RouteHandler>[] {
  return [
    ...publicRoutes(openApiDocument),
    ...meRoutes(),
    ...entryRoutes(deps.ledger),
    tokenRoute(deps.tokenExchange, deps.clientAddress),
    ...webhookRoutes(deps.webhooks),
    webhookReplayRoute(deps.webhooks),
    ...eventRoutes(deps.webhooks),
    usageRoute(deps.usage),
  ];
}
