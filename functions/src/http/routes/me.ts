import { meSchema } from "../../domain/entries/entry-schema.js";
import type { Route } from "../router.js";
import { ok, type RouteHandler } from "../route.js";

/** GET /v1/me: the calling partner, for any partner whatever its scopes. */
export function meRoutes(): Route<RouteHandler>[] {
  return [
    {
      method: "GET",
      path: "/v1/me",
      handler: {
        access: "partner",
        doc: {
          operationId: "getMe",
          summary: "Who am I",
          description: "The calling partner, as its verified ID token says.",
          success: { status: 200, description: "The calling partner.", schema: meSchema },
          errors: [],
        },
        handle: ({ principal }) =>
          ok({
            uid: principal.uid,
            partnerId: principal.partnerId,
            scopes: principal.scopes,
            tokenExpiresAt: principal.tokenExpiresAt,
          }),
      },
    },
  ];
}
