import { describe, expect, it } from "vitest";
import { createFailureThrottle } from "./failure-throttle.js";

const long = (prefix: number, tail: string) => "a".repeat(prefix) + tail;

describe("createFailureThrottle", () => {
  it("counts client ids alike in their first 128 characters as one, so a key's memory stays bounded", async () => {
    const throttle = createFailureThrottle({ perClientId: 1, perSource: 100, windowSeconds: 60 });
    await throttle.recordFailure({ clientId: long(128, "x"), source: "10.0.0.1" });
    expect(
      await throttle.retryAfterSeconds({ clientId: long(128, "y"), source: "10.0.0.2" }),
    ).toBeGreaterThan(0);
    expect(await throttle.retryAfterSeconds({ clientId: long(127, "y"), source: "10.0.0.2" })).toBe(0);
  });

  it("counts sources alike in their first 128 characters as one", async () => {
    const throttle = createFailureThrottle({ perClientId: 100, perSource: 1, windowSeconds: 60 });
    await throttle.recordFailure({ clientId: "c1", source: long(128, "x") });
    expect(await throttle.retryAfterSeconds({ clientId: "c2", source: long(128, "y") })).toBeGreaterThan(0);
    expect(await throttle.retryAfterSeconds({ clientId: "c2", source: long(127, "y") })).toBe(0);
  });

  it("never counts a source's failures against a client id spelled the same", async () => {
    const throttle = createFailureThrottle({ perClientId: 1, perSource: 100, windowSeconds: 60 });
    await throttle.recordFailure({ clientId: "c1", source: "same" });
    expect(await throttle.retryAfterSeconds({ clientId: "same", source: "c1" })).toBe(0);
  });
});
