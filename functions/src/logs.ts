import { logger } from "firebase-functions";
import type { DeliveryTask } from "./domain/webhooks/ports.js";
import type { AttemptOutcome } from "./domain/webhooks/webhook-delivery.js";

/**
 * Every log line the API writes, as a named function with structured fields, so call sites read
 * as prose and messages are greppable. Tokens, bodies and other secrets are never logged.
 */

export interface RequestLogContext {
  requestId: string;
  route: string;
  partnerId?: string;
  /** The verified token's user, once authenticated: who did what. */
  uid?: string;
}

export function requestCompleted(context: RequestLogContext, status: number, latencyMs: number): void {
  logger.info("request completed", { ...context, status, latencyMs: Math.round(latencyMs * 10) / 10 });
}

export function unexpectedError(context: RequestLogContext, error: unknown): void {
  logger.error("unexpected error answered with 500", { ...context, error: describe(error) });
}

export function backendUnavailable(context: RequestLogContext, error: unknown): void {
  logger.warn("backend unavailable, answered with 503", { ...context, error: describe(error) });
}

export function writeOutcomeUnknown(context: RequestLogContext, error: unknown): void {
  logger.error("a sent commit failed with an unknown outcome, answered with 504", {
    ...context,
    error: describe(error),
  });
}

export function transactionContention(context: RequestLogContext, error: unknown): void {
  logger.warn("transaction contention outlasted retries, answered with 409", {
    ...context,
    error: describe(error),
  });
}

/** A token issued at the token endpoint, by client id and request id; never the token itself. */
export function tokenIssued(fields: {
  requestId: string;
  clientId: string;
  partnerId: string;
  expiresIn: number;
}): void {
  logger.info("access token issued", { ...fields, route: "POST /v1/oauth/token" });
}

/** A refused token request; the client id is the caller's text, so it is cut short. */
export function tokenRefused(fields: {
  requestId: string;
  clientId: string | undefined;
  error: string;
}): void {
  logger.warn("token request refused", {
    ...fields,
    clientId: fields.clientId?.slice(0, 64),
    route: "POST /v1/oauth/token",
  });
}

export function usageFlushFailed(error: unknown): void {
  logger.warn("usage counts not written; kept for the next flush", { error: describe(error) });
}

export function unsafeEnvironment(problem: string): void {
  logger.error("refusing to serve: unsafe environment", { problem });
}

export function invalidConfig(error: unknown): void {
  logger.error("refusing to serve: invalid configuration", { error: describe(error) });
}

function describe(error: unknown): Record<string, unknown> {
  if (error instanceof Error) {
    return {
      name: error.name,
      message: error.message,
      code: (error as { code?: unknown }).code,
      stack: error.stack,
    };
  }
  return { value: String(error) };
}

/** A committed entry change became a webhook event, for these endpoints. */
export function webhookEventPublished(fields: {
  partnerId: string;
  entryId: string;
  eventId: string;
  type: string;
  endpointIds: string[];
}): void {
  logger.info("webhook event published", fields);
}

/** An entry document the API could not serve, so no event was made for its change. */
export function entryEventSkipped(
  fields: { partnerId: string; entryId: string; sourceEventId: string },
  error: unknown,
): void {
  logger.error("entry change not published: the document is not an entry", {
    ...fields,
    error: describe(error),
  });
}

/** What one delivery attempt came to; never the payload or the signature. */
export function deliveryAttempted(task: DeliveryTask, outcome: AttemptOutcome): void {
  if (!("delivery" in outcome)) {
    logger.info(`webhook attempt not made: ${outcome.kind}`, task);
    return;
  }
  const { delivery, nextAttemptAt, disabledReason } = outcome;
  const fields = {
    ...task,
    status: delivery.status,
    responseStatus: delivery.responseStatus,
    durationMs: delivery.durationMs,
    error: delivery.error,
    nextAttemptAt,
  };
  if (outcome.kind === "delivered") logger.info("webhook delivered", fields);
  else logger.warn("webhook attempt failed", fields);
  if (disabledReason) logger.warn("webhook endpoint disabled", { ...task, reason: disabledReason });
}

/** A task whose payload is not a delivery attempt; it is dropped. */
export function deliveryTaskRefused(problem: string): void {
  logger.error("webhook task dropped: not a delivery attempt", { problem });
}
