import { apiRoutes as appRoutes } from "../http/api-routes.js";
import type { DocumentedRoute } from "../http/openapi.js";
import { documented } from "../http/routes.js";

/** The app's route table as the OpenAPI document reads it, for tests of the document; no handler runs. */
export function apiRoutes(): DocumentedRoute[] {
  return documented(appRoutes({} as never, () => ({})));
}
