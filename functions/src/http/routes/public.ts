import { z } from "zod";
import type { Route } from "../router.js";
import { ok, type RouteHandler } from "../route.js";

/** The routes anyone may call: whether the API is up, and its OpenAPI document. */
export function publicRoutes(openApiDocument: () => unknown): Route<RouteHandler>[] {
  return [
    {
      method: "GET",
      path: "/v1/health",
      handler: {
        access: "public",
        doc: {
          operationId: "getHealth",
          summary: "Check health",
          description: "Whether the API is up.",
          success: {
            status: 200,
            description: "The API is up.",
            schema: z.object({ status: z.literal("ok") }),
          },
          errors: [],
        },
        handle: () => ok({ status: "ok" }),
      },
    },
    {
      method: "GET",
      path: "/v1/openapi.json",
      handler: {
        access: "public",
        doc: {
          operationId: "getOpenApiDocument",
          summary: "Get this OpenAPI document",
          description: "This document.",
          success: { status: 200, description: "This document.", schema: z.looseObject({}) },
          errors: [],
        },
        handle: () => ok(openApiDocument()),
      },
    },
  ];
}
