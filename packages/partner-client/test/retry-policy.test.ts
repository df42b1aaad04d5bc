import { describe, expect, it } from "vitest";
import {
  BASE_BACKOFF_MS,
  MAX_BACKOFF_MS,
  MAX_RETRY_AFTER_MS,
  isIdempotent,
  isRetryableNetworkError,
  isRetryableStatus,
  parseRetryAfter,
  retryDelayMs,
} from "../src/retry-policy.js";

const connectionError = (code: string) => new TypeError("fetch failed", { cause: { code } });

describe("backoff", () => {
  it("doubles the ceiling of its random wait with every retry, up to the cap", () => {
    const ceilings = [0, 1, 2, 3, 4, 5, 6, 7].map((retry) => retryDelayMs(retry, null, () => 1));
    expect(ceilings).toEqual([250, 500, 1000, 2000, 4000, 8000, MAX_BACKOFF_MS, MAX_BACKOFF_MS]);
  });

  it("spreads waits over the whole range below the ceiling (full jitter)", () => {
    expect(retryDelayMs(3, null, () => 0)).toBe(0);
    expect(retryDelayMs(3, null, () => 0.5)).toBe(1000);
    expect(retryDelayMs(3, null, () => 0.999)).toBeLessThan(2000);
  });

  it("waits at least the server's Retry-After, with a little jitter on top", () => {
    expect(retryDelayMs(0, 5000, () => 0)).toBe(5000);
    expect(retryDelayMs(2, 5000, () => 1)).toBe(5000 + BASE_BACKOFF_MS);
  });

  it("gives up instead of waiting when Retry-After asks for more than the cap", () => {
    expect(retryDelayMs(0, MAX_RETRY_AFTER_MS, () => 0)).toBe(MAX_RETRY_AFTER_MS);
    expect(retryDelayMs(0, MAX_RETRY_AFTER_MS + 1000, () => 0)).toBeUndefined();
  });
});

describe("Retry-After", () => {
  const now = Date.parse("2026-11-30T12:00:00Z");

  it("reads delay-seconds and HTTP dates, and nothing else", () => {
    expect(parseRetryAfter("5", now)).toBe(5000);
    expect(parseRetryAfter(" 0 ", now)).toBe(0);
    expect(parseRetryAfter("Mon, 30 Nov 2026 12:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Mon, 30 Nov 2026 11:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter("soon", now)).toBeNull();
    expect(parseRetryAfter("-3", now)).toBeNull();
  });
});

describe("what may be retried", () => {
  const headers = (entries: Record<string, string> = {}) => new Headers(entries);

  it("treats GET and a POST with an Idempotency-Key as idempotent, never a PATCH", () => {
    expect(isIdempotent("GET", headers())).toBe(true);
    expect(isIdempotent("POST", headers({ "Idempotency-Key": "k" }))).toBe(true);
    expect(isIdempotent("POST", headers())).toBe(false);
    expect(isIdempotent("PATCH", headers({ "Idempotency-Key": "k" }))).toBe(false);
  });

  it("retries 429 and a 503 or 409 with Retry-After for any method: the API changed nothing", () => {
    for (const idempotent of [true, false]) {
      expect(isRetryableStatus(429, false, idempotent)).toBe(true);
      expect(isRetryableStatus(503, true, idempotent)).toBe(true);
      expect(isRetryableStatus(409, true, idempotent)).toBe(true);
    }
  });

  it("retries outcome-unknown answers (502, 504, 503 without Retry-After) only when idempotent", () => {
    for (const status of [502, 503, 504]) {
      expect(isRetryableStatus(status, false, true)).toBe(true);
      expect(isRetryableStatus(status, false, false)).toBe(false);
    }
  });

  it("never retries a client error or a plain 409 (a taken externalId cannot succeed)", () => {
    for (const status of [400, 401, 403, 404, 409, 412, 413, 415, 422, 500]) {
      expect(isRetryableStatus(status, false, true)).toBe(false);
    }
  });

  it("retries any network failure of an idempotent request", () => {
    expect(isRetryableNetworkError(new TypeError("Failed to fetch"), true)).toBe(true);
    expect(isRetryableNetworkError(connectionError("UND_ERR_SOCKET"), true)).toBe(true);
  });

  it("retries a PATCH only when the connection was never made", () => {
    expect(isRetryableNetworkError(connectionError("ECONNREFUSED"), false)).toBe(true);
    const allRefused = new TypeError("fetch failed", {
      cause: { errors: [{ code: "ECONNREFUSED" }, { code: "ENETUNREACH" }] },
    });
    expect(isRetryableNetworkError(allRefused, false)).toBe(true);
    // Dropped after sending (the write may have landed), or a browser that does not say: not repeated.
    expect(isRetryableNetworkError(connectionError("UND_ERR_SOCKET"), false)).toBe(false);
    expect(isRetryableNetworkError(connectionError("ECONNRESET"), false)).toBe(false);
    expect(isRetryableNetworkError(new TypeError("Failed to fetch"), false)).toBe(false);
  });

  it("never retries an error that is not a network failure", () => {
    expect(isRetryableNetworkError(new Error("bug"), true)).toBe(false);
    expect(isRetryableNetworkError(new DOMException("aborted", "AbortError"), true)).toBe(false);
  });
});
