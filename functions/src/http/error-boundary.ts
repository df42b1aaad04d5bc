import type { RequestDeadline } from "../domain/request-deadline.js";
import { ApiError } from "../errors.js";
import { firebaseErrorKind } from "../firebase-errors.js";
import * as logs from "../logs.js";
import type { RequestLogContext } from "../logs.js";

/** A 503 telling the client when to come back. */
function unavailable(detail: string): ApiError {
  return new ApiError("UNAVAILABLE", detail, { headers: { "Retry-After": "5" } });
}

/** A backend did not answer within the request's deadline. */
export function deadlineExceeded(): ApiError {
  return unavailable("A backend did not answer in time; retry later.");
}

/**
 * A 504 without Retry-After: a commit was sent and its outcome is unknown, so a blind retry could write
 * twice. (A 503 with Retry-After answers only requests that changed nothing.)
 */
export function outcomeUnknown(): ApiError {
  return new ApiError(
    "OUTCOME_UNKNOWN",
    "The write was sent but its outcome is unknown; do not repeat it blindly. A create repeated with " +
      "the same Idempotency-Key cannot duplicate; for a correction, GET the entry to see whether it applied.",
  );
}

/**
 * The one error boundary: ApiErrors pass through; a failure after a commit that may have landed is 504
 * (outcome unknown: no Retry-After, since a blind retry could write twice); otherwise a backend outage
 * becomes 503 and transaction contention 409, both retryable because nothing changed; anything else
 * is a 500 whose details stay in the logs.
 */
export function toApiError(error: unknown, context: RequestLogContext, deadline: RequestDeadline): ApiError {
  if (error instanceof ApiError) return error;
  const kind = firebaseErrorKind(error);
  if (deadline.mayHaveChanged(kind === "contention")) {
    logs.writeOutcomeUnknown(context, error);
    return outcomeUnknown();
  }
  if (kind === "unavailable") {
    logs.backendUnavailable(context, error);
    return unavailable("A backend is unavailable; retry later.");
  }
  if (kind === "contention") {
    logs.transactionContention(context, error);
    return new ApiError("CONFLICT", "A concurrent request changed the same data; retry.", {
      headers: { "Retry-After": "1" },
    });
  }
  logs.unexpectedError(context, error);
  return new ApiError("INTERNAL", "Something went wrong on our side; quote the requestId to support.");
}
