/**
 * Errors of the token endpoint, in the shape of RFC 6749 §5.2 (what OAuth client libraries parse),
 * not problem+json. Every code maps to one HTTP status, and the compiler checks the map is complete.
 */
export const OAUTH_ERROR_STATUS = {
  invalid_request: 400,
  invalid_client: 401,
  // The client authenticated, but may not get a token now (its partner is suspended).
  unauthorized_client: 400,
  unsupported_grant_type: 400,
  invalid_scope: 400,
  // Too many failed attempts for a client id or source; RFC 6749's code for "try again later".
  temporarily_unavailable: 429,
} as const satisfies Record<string, number>;

export type OAuthErrorCode = keyof typeof OAUTH_ERROR_STATUS;

/** The challenge every invalid_client answer carries (RFC 6749 §5.2, HTTP Basic client authentication). */
export const BASIC_CHALLENGE = 'Basic realm="partner-api"';

/** An RFC 6749 §5.2 error answer of the token endpoint. */
export class OAuthError extends Error {
  readonly status: number;
  readonly headers: Record<string, string>;

  constructor(
    readonly code: OAuthErrorCode,
    readonly description: string,
    headers: Record<string, string> = {},
  ) {
    super(description);
    this.name = "OAuthError";
    this.status = OAUTH_ERROR_STATUS[code];
    this.headers = code === "invalid_client" ? { "WWW-Authenticate": BASIC_CHALLENGE, ...headers } : headers;
  }

  /** The wire shape: `{"error", "error_description"}`. */
  toJSON(): { error: OAuthErrorCode; error_description: string } {
    return { error: this.code, error_description: this.description };
  }
}

/** Every failed client authentication gets this one answer, so none tells whether a client id exists. */
export function invalidClient(): OAuthError {
  return new OAuthError("invalid_client", "Client authentication failed.");
}
