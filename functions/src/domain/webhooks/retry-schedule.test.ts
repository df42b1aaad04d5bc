import { describe, expect, it } from "vitest";
import {
  MAX_ATTEMPTS,
  MAX_RETRY_AFTER_MS,
  RETRY_DELAYS_MS,
  retryAfterMs,
  retryDelayMs,
} from "./retry-schedule.js";

const now = new Date("2026-11-30T09:00:00.000Z");
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

describe("retryDelayMs", () => {
  it("follows the contract: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, then no more attempts", () => {
    const delays = Array.from({ length: MAX_ATTEMPTS }, (_, index) => retryDelayMs(index + 1, null, now, 1));
    expect(delays).toEqual([
      5 * SECOND,
      5 * MINUTE,
      30 * MINUTE,
      2 * HOUR,
      5 * HOUR,
      10 * HOUR,
      10 * HOUR,
      null,
    ]);
    expect(MAX_ATTEMPTS).toBe(8);
    expect(RETRY_DELAYS_MS).toHaveLength(7);
  });

  it("waits as long as Retry-After asks when that is longer than the schedule, in seconds or as a date", () => {
    expect(retryDelayMs(1, "120", now, 1)).toBe(120 * SECOND);
    expect(retryDelayMs(1, "Mon, 30 Nov 2026 10:00:00 GMT", now, 1)).toBe(HOUR);
  });

  it("keeps the schedule when Retry-After asks for less, or is not a Retry-After value", () => {
    expect(retryDelayMs(2, "1", now, 1)).toBe(5 * MINUTE);
    expect(retryDelayMs(2, "soon", now, 1)).toBe(5 * MINUTE);
    expect(retryDelayMs(2, "-5", now, 1)).toBe(5 * MINUTE);
    expect(retryDelayMs(2, "Mon, 30 Nov 2026 08:00:00 GMT", now, 1)).toBe(5 * MINUTE);
  });

  it("honours Retry-After up to a day, and ends the schedule on the last attempt whatever it says", () => {
    expect(retryDelayMs(1, String(7 * 24 * 3600), now, 1)).toBe(MAX_RETRY_AFTER_MS);
    expect(MAX_RETRY_AFTER_MS).toBe(24 * HOUR);
    expect(retryDelayMs(MAX_ATTEMPTS, "5", now, 1)).toBeNull();
  });

  it("divides the whole delay, Retry-After included, by the stack's divisor", () => {
    expect(retryDelayMs(1, null, now, 60)).toBe(83);
    expect(retryDelayMs(2, null, now, 60)).toBe(5 * SECOND);
    expect(retryDelayMs(1, "600", now, 60)).toBe(10 * SECOND);
  });
});

describe("retryAfterMs", () => {
  it("reads delta-seconds and HTTP dates, and nothing else", () => {
    expect(retryAfterMs(" 30 ", now)).toBe(30 * SECOND);
    expect(retryAfterMs("0", now)).toBe(0);
    expect(retryAfterMs("Mon, 30 Nov 2026 09:00:30 GMT", now)).toBe(30 * SECOND);
    expect(retryAfterMs("Sun, 29 Nov 2026 09:00:00 GMT", now)).toBe(0);
    expect(retryAfterMs("1.5", now)).toBeNull();
    expect(retryAfterMs("2026-11-30T10:00:00Z", now)).toBeNull();
    expect(retryAfterMs("Someday GMT", now)).toBeNull();
    // A date with an offset after GMT is no HTTP date, though Date.parse reads it.
    expect(retryAfterMs("Mon, 30 Nov 2026 10:00:30 GMT+01:00", now)).toBeNull();
    expect(retryAfterMs("", now)).toBeNull();
  });
});
