/**
 * When a request may be sent again, and after how long. Pure functions of the attempt, so the
 * backoff and the safety rules are tested without a network or a clock.
 */

/** Retry-After beyond this is not waited for: the error is reported at once instead. */
export const MAX_RETRY_AFTER_MS = 60_000;
/** The first backoff step; each retry doubles it, up to MAX_BACKOFF_MS. */
export const BASE_BACKOFF_MS = 250;
export const MAX_BACKOFF_MS = 10_000;

const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);

/**
 * Whether repeating the request cannot apply it twice: a safe or idempotent method, or a POST carrying
 * an Idempotency-Key (the API replays its first answer). A PATCH is not: repeating one whose first try
 * did apply could undo another writer's change made in between, or fail its own If-Match with a 412.
 */
export function isIdempotent(method: string, headers: Headers): boolean {
  return IDEMPOTENT_METHODS.has(method) || (method === "POST" && headers.has("idempotency-key"));
}

/**
 * Whether an answer is worth repeating. 429, and 503 or 409 with Retry-After, are the API's promise that
 * nothing changed, so any request may repeat; 502, 503 and 504 otherwise leave the outcome unknown,
 * so only an idempotent one may.
 */
export function isRetryableStatus(status: number, hasRetryAfter: boolean, idempotent: boolean): boolean {
  if (status === 429) return true;
  if ((status === 503 || status === 409) && hasRetryAfter) return true;
  return idempotent && (status === 502 || status === 503 || status === 504);
}

// Node's fetch (undici) names the cause; these mean the request never reached a server.
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/**
 * Whether a fetch failure is worth repeating. fetch rejects with a TypeError when the network fails; an
 * idempotent request may repeat whatever happened, any other only when the connection was never made
 * (browsers do not say, so there it is never repeated).
 */
export function isRetryableNetworkError(error: unknown, idempotent: boolean): boolean {
  if (!(error instanceof TypeError)) return false;
  if (idempotent) return true;
  const cause = (error as { cause?: { code?: unknown; errors?: { code?: unknown }[] } }).cause;
  const codes = cause?.errors ? cause.errors.map((inner) => inner.code) : [cause?.code];
  return codes.length > 0 && codes.every((code) => typeof code === "string" && NOT_SENT_CODES.has(code));
}

/**
 * Milliseconds to wait before retry number `retry` (0 for the first): the server's Retry-After plus a
 * little jitter when it gave one, else exponential backoff with full jitter (a random wait up to
 * BASE_BACKOFF_MS * 2^retry, capped), so clients that failed together do not return together.
 * `undefined`: Retry-After asks for longer than MAX_RETRY_AFTER_MS, so do not retry.
 */
export function retryDelayMs(
  retry: number,
  retryAfterMs: number | null,
  random: () => number,
): number | undefined {
  if (retryAfterMs !== null) {
    if (retryAfterMs > MAX_RETRY_AFTER_MS) return undefined;
    return retryAfterMs + random() * BASE_BACKOFF_MS;
  }
  return random() * Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** retry);
}

/** Retry-After (RFC 9110 §10.2.3) in milliseconds from `now`: delay-seconds or an HTTP date; null if absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // An HTTP date names its day and month; anything else Date.parse might read (e.g. "-3") is not one.
  const date = /[a-z]{3}/i.test(trimmed) ? Date.parse(trimmed) : NaN;
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
