import { afterEach, describe, expect, it, vi } from "vitest";
import { createFakeClock } from "../testing/fake-clock.js";
import { ApiError } from "../errors.js";
import { createPartnerRateLimiter } from "./rate-limit.js";

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail("expected a 429"),
    (error: unknown) => error as ApiError,
  );

describe("partner rate limit", () => {
  it("lets no more than the budget through in any rolling minute, across what a fixed window's edge would be", async () => {
    const clock = createFakeClock();
    const limit = createPartnerRateLimiter(3, clock.now);
    await limit("acme");
    clock.advance(59_000);
    await limit("acme");
    await limit("acme");
    clock.advance(2_000);
    // The first request is now over a minute old: one slot is free, not three.
    expect((await limit("acme"))["RateLimit-Remaining"]).toBe("0");
    const refused = await refusal(limit("acme"));
    expect(refused.code).toBe("RATE_LIMITED");
    // The next slot frees when the requests made at 59 s turn a minute old: 58 s from now.
    expect(refused.headers).toMatchObject({
      "Retry-After": "58",
      "RateLimit-Reset": "58",
      "RateLimit-Remaining": "0",
    });
    clock.advance(57_999);
    await refusal(limit("acme"));
    clock.advance(1);
    expect((await limit("acme"))["RateLimit-Remaining"]).toBe("1");
  });

  it("counts only accepted requests, so a partner that keeps retrying while limited is not locked out longer", async () => {
    const clock = createFakeClock();
    const limit = createPartnerRateLimiter(1, clock.now);
    await limit("acme");
    for (let i = 0; i < 5; i++) {
      clock.advance(10_000);
      await refusal(limit("acme"));
    }
    clock.advance(10_000);
    expect(await limit("acme")).toEqual({
      "RateLimit-Limit": "1",
      "RateLimit-Remaining": "0",
      "RateLimit-Reset": "60",
    });
  });

  it("keeps each partner's budget apart and reports what is left and when the oldest request ages out", async () => {
    const clock = createFakeClock();
    const limit = createPartnerRateLimiter(2, clock.now);
    expect(await limit("acme")).toEqual({
      "RateLimit-Limit": "2",
      "RateLimit-Remaining": "1",
      "RateLimit-Reset": "60",
    });
    clock.advance(30_500);
    expect(await limit("acme")).toEqual({
      "RateLimit-Limit": "2",
      "RateLimit-Remaining": "0",
      "RateLimit-Reset": "30",
    });
    expect((await limit("globex"))["RateLimit-Remaining"]).toBe("1");
  });

  describe("on real time, as in production (fake timers move Date and performance.now together)", () => {
    const useFakeTime = () => {
      vi.useFakeTimers({ toFake: ["Date", "setTimeout", "clearTimeout"], now: 1_000_000 });
      // Whatever reads performance.now (lru-cache by default, through the object it found at import)
      // moves with Date.
      vi.spyOn(performance, "now").mockImplementation(() => Date.now());
    };
    afterEach(() => {
      vi.restoreAllMocks();
      vi.useRealTimers();
    });

    it("lets one request through at 60.5 s after one at 0 s and four and a 429 at 57 s, not five (no reset a minute after the first)", async () => {
      useFakeTime();
      const limit = createPartnerRateLimiter(5, () => new Date());
      await limit("acme");
      vi.advanceTimersByTime(57_000);
      for (let i = 0; i < 4; i++) await limit("acme");
      await refusal(limit("acme"));
      vi.advanceTimersByTime(3_500);
      // Only the request made at 0 s has aged out: one slot, so four of these five are refused.
      await limit("acme");
      for (let i = 0; i < 4; i++) await refusal(limit("acme"));
    });

    it("forgets an idle partner's log once every request in it is a minute old", async () => {
      useFakeTime();
      const limit = createPartnerRateLimiter(1, () => new Date());
      await limit("acme");
      vi.advanceTimersByTime(59_999);
      await refusal(limit("acme"));
      vi.advanceTimersByTime(1);
      expect((await limit("acme"))["RateLimit-Remaining"]).toBe("0");
    });
  });
});
