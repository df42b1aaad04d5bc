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
 * The one error boundary: ApiErrors pass through; a backend outage becomes 503 and transaction
 * contention 409, both retryable; anything else is a 500 whose details stay in the logs.
 */
export function toApiError(error: unknown, context: RequestLogContext): ApiError {
  if (error instanceof ApiError) return error;
  const kind = firebaseErrorKind(error);
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
