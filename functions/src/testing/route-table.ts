import { documented, v1Routes } from "../http/routes.js";
import { eventRoutes } from "../http/routes/events.js";
import { usageRoute } from "../http/routes/usage.js";
import { webhookReplayRoute } from "../http/routes/webhook-replay.js";
import { tokenRoute } from "../http/token-route.js";
import { webhookRoutes } from "../http/webhook-routes.js";
import type { DocumentedRoute } from "../http/openapi.js";

/** The route table as createApp builds it, for tests of the document; no handler runs. */
export function apiRoutes(): DocumentedRoute[] {
  return documented([
    ...v1Routes({} as never, () => ({})),
    tokenRoute({} as never),
    ...webhookRoutes({} as never),
    webhookReplayRoute({} as never),
    ...eventRoutes({} as never),
    usageRoute({} as never),
  ]);
}
