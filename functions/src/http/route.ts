import type { Request } from "firebase-functions/v2/https";
import type { Principal } from "../domain/access/partner-access.js";
import type { Scope } from "../domain/access/partner-claims.js";
import type { RequestDeadline } from "../domain/request-deadline.js";
import type { DocumentedRoute, OperationDoc } from "./openapi.js";
import type { Reply } from "./reply.js";
import type { Route } from "./router.js";

// What a route is: its method and path (router.ts), who may call it, how it describes itself for the
// OpenAPI document, and its handler. Routes live by resource in routes/, gathered by routes/index.ts.

export interface PublicContext {
  req: Request;
  params: Record<string, string>;
  requestId: string;
}

export interface PartnerContext extends PublicContext {
  principal: Principal;
  /** Gates the commits of the request's writes (domain/request-deadline.ts). */
  deadline: RequestDeadline;
}

/**
 * A public handler, or one for any partner ("partner") or a partner holding a scope; each describes
 * itself for the OpenAPI document.
 */
export type RouteHandler = { doc: OperationDoc } & (
  | { access: "public"; handle: (context: PublicContext) => Promise<Reply> | Reply }
  | { access: "partner" | Scope; handle: (context: PartnerContext) => Promise<Reply> | Reply }
);

/** The route table as the OpenAPI document reads it. */
export function documented(routes: Route<RouteHandler>[]): DocumentedRoute[] {
  return routes.map(({ method, path, handler }) => ({
    method,
    path,
    access: handler.access,
    doc: handler.doc,
  }));
}

/** The route's `:id`. */
export function idParam(params: Record<string, string>): string {
  // Stryker disable next-line StringLiteral: unreachable, as the router matches a route only with every parameter non-empty
  return params.id ?? "";
}

/** A 200 with `body`. */
export function ok(body: unknown, headers?: Record<string, string>): Reply {
  return { status: 200, body, ...(headers ? { headers } : {}) };
}
