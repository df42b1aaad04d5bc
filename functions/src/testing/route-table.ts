import type { DocumentedRoute } from "../http/openapi.js";
import { documented } from "../http/route.js";
import { apiRoutes as appRoutes } from "../http/routes/index.js";

/** The app's route table as the OpenAPI document reads it, for tests of the document; no handler runs. */
export function apiRoutes(): DocumentedRoute[] {
  return documented(appRoutes({ clientAddress: () => "" } as never, () => ({})));
}
