import { describe, expect, it } from "vitest";
import { createFailureThrottle } from "./failure-throttle.js";

const long = (prefix: number, tail: string) => "a".repeat(prefix) + tail;

describe("createFailureThrottle", () => {
  it("holds a source back once it has failed its limit in the window, and no other source", async () => {
    const throttle = createFailureThrottle({ perSource: 2, windowSeconds: 60 });
    await throttle.recordFailure("198.51.100.7");
    expect(await throttle.retryAfterSeconds("198.51.100.7")).toBe(0);
    await throttle.recordFailure("198.51.100.7");
    expect(await throttle.retryAfterSeconds("198.51.100.7")).toBeGreaterThan(0);
    expect(await throttle.retryAfterSeconds("198.51.100.7")).toBeLessThanOrEqual(60);
    expect(await throttle.retryAfterSeconds("203.0.113.1")).toBe(0);
  });

  it("counts sources alike in their first 128 characters as one, so a key's memory stays bounded", async () => {
    const throttle = createFailureThrottle({ perSource: 1, windowSeconds: 60 });
    await throttle.recordFailure(long(128, "x"));
    expect(await throttle.retryAfterSeconds(long(128, "y"))).toBeGreaterThan(0);
    expect(await throttle.retryAfterSeconds(long(127, "y"))).toBe(0);
  });
});
