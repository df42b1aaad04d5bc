import type { Request } from "firebase-functions/v2/https";
import type { z } from "zod";
import type { Principal } from "../domain/access/partner-access.js";
import type { Scope } from "../domain/access/partner-claims.js";
import type { RequestDeadline } from "../domain/request-deadline.js";
import type { DocumentedRoute, OperationDoc } from "./openapi.js";
import type { Reply } from "./reply.js";
import type { AnyInput, RequestSpec, ValidInput } from "./route-input.js";
import type { Route } from "./router.js";
import type { FORM_MEDIA_TYPE } from "./token-schemas.js";

// What a route is: its method and path (router.ts), who may call it, the input it reads (checked by
// the app before the handler runs, route-input.ts), how it describes itself for the OpenAPI document,
// and its handler. Routes live by resource in routes/, gathered by routes/index.ts.

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

/** What a route says of itself for the document beyond its declared input. */
export type RouteDoc = Omit<OperationDoc, "query" | "body" | "bodyMediaTypes" | "headers"> & {
  /** Headers the handler reads by hand (the token endpoint's Basic credentials), for the document only. */
  headers?: OperationDoc["headers"];
  /**
   * A form body the handler parses itself, described for the document only: the token endpoint
   * answers a bad form with RFC 6749 errors, not the app's problem+json.
   */
  form?: { schema: z.ZodType; mediaTypes: readonly (typeof FORM_MEDIA_TYPE)[] };
};

type Handle<Context> = (context: Context, input: AnyInput) => Promise<Reply> | Reply;

/**
 * A public handler, or one for any partner ("partner") or a partner holding a scope; each describes
 * itself for the OpenAPI document. A handler declaring `request` receives that input validated.
 */
export type RouteHandler = { doc: RouteDoc; request?: RequestSpec } & (
  | { access: "public"; handle: Handle<PublicContext> }
  | { access: "partner" | Scope; handle: Handle<PartnerContext> }
);

/** A partner handler with its input declared, typed by that declaration. */
export function accepting<R extends RequestSpec>(
  request: R,
  handle: (context: PartnerContext, input: ValidInput<R>) => Promise<Reply> | Reply,
): { request: R; handle: Handle<PartnerContext> } {
  // The app validates the request against `request` before calling `handle`, so the input is ValidInput<R>.
  return { request, handle: handle as Handle<PartnerContext> };
}

/** The route table as the OpenAPI document reads it: each route's doc with its declared input. */
export function documented(routes: Route<RouteHandler>[]): DocumentedRoute[] {
  return routes.map(({ method, path, handler: { access, doc, request } }) => {
    const { form, headers = [], ...rest } = doc;
    const body = request?.body ?? form;
    const declaredHeaders = Object.entries(request?.headers ?? {}).map(([name, { description, schema }]) => ({
      name,
      description,
      schema,
    }));
    return {
      method,
      path,
      access,
      doc: {
        ...rest,
        headers: [...headers, ...declaredHeaders],
        query: request?.query,
        body: body?.schema,
        bodyMediaTypes: body?.mediaTypes,
      },
    };
  });
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
