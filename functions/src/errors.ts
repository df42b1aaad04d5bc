/**
 * The one error type the partner API answers with. Every code maps to exactly one HTTP status,
 * and the compiler checks the map is complete (as firebase-functions' https error boundary does).
 */
export const ERROR_CODES = {
  INVALID_REQUEST: { status: 400, title: "Invalid request" },
  UNAUTHENTICATED: { status: 401, title: "Unauthenticated" },
  FORBIDDEN: { status: 403, title: "Forbidden" },
  NOT_FOUND: { status: 404, title: "Not found" },
  METHOD_NOT_ALLOWED: { status: 405, title: "Method not allowed" },
  CONFLICT: { status: 409, title: "Conflict" },
  DUPLICATE_EXTERNAL_ID: { status: 409, title: "Duplicate externalId" },
  ENDPOINT_LIMIT_REACHED: { status: 409, title: "Endpoint limit reached" },
  REPLAY_IN_PROGRESS: { status: 409, title: "Replay in progress" },
  PRECONDITION_FAILED: { status: 412, title: "Precondition failed" },
  PAYLOAD_TOO_LARGE: { status: 413, title: "Payload too large" },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: "Unsupported media type" },
  IDEMPOTENCY_KEY_REUSED: { status: 422, title: "Idempotency key reused" },
  RATE_LIMITED: { status: 429, title: "Too many requests" },
  QUOTA_EXCEEDED: { status: 429, title: "Daily quota exceeded" },
  INTERNAL: { status: 500, title: "Internal error" },
  UNAVAILABLE: { status: 503, title: "Service unavailable" },
  OUTCOME_UNKNOWN: { status: 504, title: "Outcome unknown" },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** One invalid input, named by its field path (e.g. "amountMinor", "query.limit"). */
export interface FieldError {
  field: string;
  message: string;
}

interface ApiErrorOptions {
  errors?: FieldError[];
  headers?: Record<string, string>;
  /** An existing entry the problem is about (RFC 9457 extension member). */
  entryId?: string;
}

/** An error a client is meant to see, rendered as RFC 9457 problem+json. */
export class ApiError extends Error {
  readonly status: number;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string>;
  readonly entryId: string | undefined;

  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    options: ApiErrorOptions = {},
  ) {
    super(detail);
    this.name = "ApiError";
    this.status = ERROR_CODES[code].status;
    this.errors = options.errors;
    this.headers = options.headers ?? {};
    this.entryId = options.entryId;
  }

  /** The problem+json body; the only wire shape of an error. */
  toProblem(requestId: string): Problem {
    return {
      type: `urn:partner-api:problem:${this.code.toLowerCase().replaceAll("_", "-")}`,
      title: ERROR_CODES[this.code].title,
      status: this.status,
      detail: this.detail,
      requestId,
      ...(this.errors ? { errors: this.errors } : {}),
      ...(this.entryId ? { entryId: this.entryId } : {}),
    };
  }
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  requestId: string;
  errors?: FieldError[];
  entryId?: string;
}

/**
 * A 401 with the RFC 6750 Bearer challenge; `error` names what was wrong with a presented token
 * (omitted when none was sent, as the RFC asks).
 */
export function unauthenticated(detail: string, error?: "invalid_request" | "invalid_token"): ApiError {
  const challenge = error ? `Bearer realm="partner-api", error="${error}"` : 'Bearer realm="partner-api"';
  return new ApiError("UNAUTHENTICATED", detail, { headers: { "WWW-Authenticate": challenge } });
}

/** Validates and narrows in one line: `assert(entry, "NOT_FOUND", "No such entry.")`. */
export function assert(condition: unknown, code: ErrorCode, detail: string): asserts condition {
  if (!condition) throw new ApiError(code, detail);
}
