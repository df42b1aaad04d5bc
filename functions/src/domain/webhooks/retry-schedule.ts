/**
 * When a failed delivery is tried again (DESIGN.md "Webhooks"): after about 5 s, 5 min, 30 min, 2 h,
 * 5 h, 10 h and 10 h, or later when the receiver's Retry-After asks for more.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** The pause before attempt n + 2, after attempt n + 1 failed. */
export const RETRY_DELAYS_MS = [
  5 * SECOND,
  5 * MINUTE,
  30 * MINUTE,
  2 * HOUR,
  5 * HOUR,
  10 * HOUR,
  10 * HOUR,
];

/** The first attempt and one per retry delay. */
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/**
 * The longest Retry-After honoured: a receiver asking for more is tried after a day anyway, so the
 * whole schedule stays bounded (at most a day per retry).
 */
export const MAX_RETRY_AFTER_MS = 24 * HOUR;

/**
 * The pause before the attempt after `failedAttempt`, or null when that was the last. A Retry-After
 * (delta-seconds or an HTTP date, RFC 9110) longer than the schedule's delay wins, up to a day.
 * `divisor` compresses time on the emulator stack (WEBHOOK_RETRY_DELAY_DIVISOR; 1 in production).
 */
export function retryDelayMs(
  failedAttempt: number,
  retryAfter: string | null,
  now: Date,
  divisor: number,
): number | null {
  const scheduled = RETRY_DELAYS_MS[failedAttempt - 1];
  if (scheduled === undefined) return null;
  const asked = retryAfter === null ? null : retryAfterMs(retryAfter, now);
  const delay = Math.max(scheduled, Math.min(asked ?? 0, MAX_RETRY_AFTER_MS));
  return Math.round(delay / divisor);
}

/** A Retry-After header's pause in milliseconds, or null when it is neither form RFC 9110 allows. */
export function retryAfterMs(value: string, now: Date): number | null {
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * SECOND;
  // An HTTP date names a weekday and GMT (IMF-fixdate or an obsolete form); a bare number is not one.
  if (!/GMT$/.test(trimmed)) return null;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}
