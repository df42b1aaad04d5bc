import { usageReport, type UsageDeps } from "../../domain/usage/usage-report.js";
import { usageQuerySchema, usageReportSchema } from "../../domain/usage/usage-schema.js";
import type { Route } from "../router.js";
import { accepting, type RouteHandler } from "../route.js";

/** GET /v1/usage (DESIGN.md "Usage and quotas"). */
export function usageRoute(deps: UsageDeps): Route<RouteHandler> {
  return {
    method: "GET",
    path: "/v1/usage",
    handler: {
      access: "partner",
      doc: {
        operationId: "getUsage",
        summary: "Get usage and quota",
        description:
          "The partner's requests per UTC day (at most 93 days; default the last 7), by status class and " +
          "route, and today's quota. Every authenticated request counts except the health, document and " +
          "token routes; counts from other instances arrive within 10 seconds (the flush bound).",
        success: { status: 200, description: "Usage per day, and the quota.", schema: usageReportSchema },
        errors: [],
      },
      ...accepting({ query: usageQuerySchema }, async ({ principal }, { query }) => {
        return {
          status: 200,
          body: await usageReport(deps, principal.partnerId, principal.dailyRequestQuota, query),
        };
      }),
    },
  };
}
