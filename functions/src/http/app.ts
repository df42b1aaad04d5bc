import type { Response } from "express";
import type { Request } from "firebase-functions/v2/https";
import { requireScope, type PartnerAuthenticator } from "../domain/access/partner-access.js";
import type { PartnerRateLimiter } from "../domain/access/rate-limit.js";
import { RequestDeadline } from "../domain/request-deadline.js";
import type { Admission } from "../domain/usage/usage-meter.js";
import * as logs from "../logs.js";
import type { RequestLogContext } from "../logs.js";
import { bearerToken } from "./bearer-token.js";
import { deadlineExceeded, outcomeUnknown, toApiError } from "./error-boundary.js";
import { buildOpenApiDocument, openApiPath } from "./openapi.js";
import { send, type Reply } from "./reply.js";
import { requestIdFor } from "./request-id.js";
import { createRouter } from "./router.js";
import { documented } from "./route.js";
import { validInput } from "./route-input.js";
import { apiRoutes, type RouteDeps } from "./routes/index.js";

export interface AppDeps extends RouteDeps {
  authenticate: PartnerAuthenticator;
  rateLimit: PartnerRateLimiter;
  /** A request still waiting on a backend after this long, having sent no commit, is answered 503. */
  requestDeadlineMs: number;
}

/** What the usage meter counts a request as, once the caller is known to be a partner. */
interface Counted {
  request?: Admission | { partnerId: string };
  /** The route template, e.g. "GET /v1/entries/{id}". */
  route?: string;
  /** Whether the request was counted (its answer is decided). */
  recorded: boolean;
}

export type HttpHandler = (req: Request, res: Response) => Promise<void>;

/** The partner API as one request handler: route, authenticate, run, answer, log. */
export function createApp(deps: AppDeps): HttpHandler {
  let openApiDocument: unknown;
  const routes = apiRoutes(deps, () => (openApiDocument ??= buildOpenApiDocument(documented(routes))));
  const route = createRouter(routes);

  /**
   * Runs one request; headers every answer must carry, error or not, go into `responseHeaders`. Once
   * the caller is authenticated as a partner, `counted` holds what the usage meter counts it as.
   */
  async function run(
    req: Request,
    context: RequestLogContext,
    deadline: RequestDeadline,
    responseHeaders: Record<string, string>,
    counted: Counted,
  ): Promise<Reply> {
    const { route: matched, params } = route(req.method, req.path);
    context.route = `${matched.method} ${matched.path}`;
    const handler = matched.handler;
    const requestId = context.requestId;
    if (handler.access === "public")
      return handler.handle({ req, params, requestId }, validInput(handler.request, req));
    const principal = await deps.authenticate(bearerToken(req.get("authorization")));
    context.partnerId = principal.partnerId;
    context.uid = principal.uid;
    counted.route = `${matched.method} ${openApiPath(matched.path)}`;
    counted.request = { partnerId: principal.partnerId };
    const admission = await deps.usage.meter.admit(principal.partnerId, principal.dailyRequestQuota);
    // Answered meanwhile (the deadline passed while the quota was checked): counted already, so the
    // admission is only given back; the handler does not run.
    if (counted.recorded) {
      deps.usage.meter.release(admission);
      throw deadlineExceeded();
    }
    counted.request = admission;
    Object.assign(responseHeaders, await deps.rateLimit(principal.partnerId));
    if (handler.access !== "partner") requireScope(principal, handler.access);
    return handler.handle({ req, params, requestId, principal, deadline }, validInput(handler.request, req));
  }

  return async function partnerApi(req, res) {
    const started = performance.now();
    const context: RequestLogContext = {
      requestId: requestIdFor(req.get("x-request-id")),
      route: "unmatched",
    };
    const responseHeaders: Record<string, string> = { "X-Request-Id": context.requestId };
    const deadline = new RequestDeadline();
    const counted: Counted = { recorded: false };
    let reply: Reply;
    try {
      reply = await withDeadline(
        run(req, context, deadline, responseHeaders, counted),
        deadline,
        deps.requestDeadlineMs,
      );
    } catch (error) {
      const apiError = toApiError(error, context, deadline);
      reply = {
        status: apiError.status,
        body: apiError.toProblem(context.requestId),
        headers: apiError.headers,
      };
    }
    if (counted.request && counted.route) {
      counted.recorded = true;
      deps.usage.meter.record(counted.request, counted.route, reply.status);
      // Before the answer: an instance is sure of its CPU only while it has a request to answer.
      await deps.usage.meter.flushDue();
    }
    send(res, { ...reply, headers: { ...responseHeaders, ...reply.headers } });
    logs.requestCompleted(context, reply.status, performance.now() - started);
  };
}

/**
 * Answers 503 when `ms` pass before `work` settles and it has sent no commit (it then never will).
 * A commit already on its way is not cut off, since a 503 would invite a retry that could write twice:
 * it gets one more `ms` to land, and past that the answer is 504, outcome unknown (the SDK itself
 * would keep retrying a commit for a minute).
 */
async function withDeadline<T>(work: Promise<T>, deadline: RequestDeadline, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      if (deadline.abandon()) reject(deadlineExceeded());
      else timer = setTimeout(() => reject(outcomeUnknown()), ms);
    }, ms);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}
