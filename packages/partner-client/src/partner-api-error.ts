import type { components } from "./generated/openapi.js";

/** A field the API refused, as problem+json's `errors` lists it. */
export type FieldError = NonNullable<components["schemas"]["Problem"]["errors"]>[number];

/** Every failure the client reports: an API answer that is not a success, or a network failure. */
export class PartnerApiError extends Error {
  /** The HTTP status; 0 when no answer arrived (the network failed on every attempt). */
  readonly status: number;
  /** The problem type URI (RFC 9457), or the OAuth error code of the token endpoint. */
  readonly type: string;
  readonly title: string;
  readonly detail: string;
  /** The id the API logged the request under (also sent by the client as X-Request-Id). */
  readonly requestId: string;
  /** The invalid fields of a 400, else empty. */
  readonly errors: FieldError[];

  constructor(fields: {
    status: number;
    type: string;
    title: string;
    detail: string;
    requestId: string;
    errors?: FieldError[];
    cause?: unknown;
  }) {
    super(`${fields.status} ${fields.title}: ${fields.detail}`, { cause: fields.cause });
    this.name = "PartnerApiError";
    this.status = fields.status;
    this.type = fields.type;
    this.title = fields.title;
    this.detail = fields.detail;
    this.requestId = fields.requestId;
    this.errors = fields.errors ?? [];
  }
}

/**
 * The error for an answer that is not a success: problem+json as the API sends it, an RFC 6749 error of
 * the token endpoint, or anything else (the Cloud Functions runtime's HTML 400) by its status alone.
 */
export function errorFromResponse(response: Response, body: unknown): PartnerApiError {
  // The API echoes the X-Request-Id the client sends, on every answer.
  const requestIdOf = (value: unknown) =>
    typeof value === "string" ? value : (response.headers.get("x-request-id") ?? "");
  const fields = (body ?? {}) as Record<string, unknown>;
  if (typeof fields.type === "string" && typeof fields.title === "string") {
    return new PartnerApiError({
      status: response.status,
      type: fields.type,
      title: fields.title,
      detail: typeof fields.detail === "string" ? fields.detail : "",
      requestId: requestIdOf(fields.requestId),
      errors: Array.isArray(fields.errors) ? (fields.errors as FieldError[]) : [],
    });
  }
  if (typeof fields.error === "string") {
    return new PartnerApiError({
      status: response.status,
      type: fields.error,
      title: "Token request refused",
      detail: typeof fields.error_description === "string" ? fields.error_description : "",
      requestId: requestIdOf(undefined),
    });
  }
  return new PartnerApiError({
    status: response.status,
    type: "about:blank",
    title: response.statusText || `HTTP ${response.status}`,
    detail: typeof body === "string" ? body.slice(0, 200) : "",
    requestId: requestIdOf(undefined),
  });
}

/** The error for a request that got no answer, after its retries. */
export function networkError(cause: unknown, requestId: string): PartnerApiError {
  return new PartnerApiError({
    status: 0,
    type: "urn:partner-api:client:network-error",
    title: "Network error",
    detail: cause instanceof Error ? cause.message : String(cause),
    requestId,
    cause,
  });
}
