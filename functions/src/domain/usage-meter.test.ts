import { describe, expect, it } from "vitest";
import { createInMemoryUsage } from "../data/in-memory-usage.js";
import { createFakeClock, type FakeClock } from "../testing/fake-clock.js";
import { apiErrorOf } from "../testing/api-error-of.js";
import { createUsageMeter, type UsageMeter } from "./usage-meter.js";
import type { UsageRepository } from "./usage-repository.js";

const FLUSH_MS = 10_000;

function meterOn(store: UsageRepository, clock: FakeClock): UsageMeter {
  return createUsageMeter({
    store,
    clock: clock.now,
    flushMs: FLUSH_MS,
    schedule: () => undefined,
    onError: () => undefined,
  });
}

/** One request through a meter, as the app makes it: admit, answer 200, record, flush what is due. */
async function request(meter: UsageMeter, quota: number | null, route = "GET /v1/entries"): Promise<number> {
  try {
    const admission = await meter.admit("acme", quota);
    meter.record(admission, route, 200);
    await meter.flushDue();
    return 200;
  } catch (error) {
    meter.record({ partnerId: "acme" }, route, 429);
    await meter.flushDue();
    return (error as { status: number }).status;
  }
}

describe("usage meter", () => {
  it("counts by day, route and status class, and writes once per flush bound, not per request", async () => {
    const clock = createFakeClock(new Date("2026-11-30T23:59:50.000Z"));
    const store = createInMemoryUsage();
    const meter = meterOn(store, clock);
    for (let index = 0; index < 100; index++) {
      const admission = await meter.admit("acme", null);
      meter.record(admission, index % 2 ? "GET /v1/entries" : "POST /v1/entries", index % 10 ? 200 : 404);
      await meter.flushDue();
    }
    expect(store.writes()).toBe(0);
    clock.advance(FLUSH_MS);
    await meter.flushDue();
    expect(store.writes()).toBe(1);
    // Now past midnight: the new day is counted apart.
    meter.record(await meter.admit("acme", null), "GET /v1/entries", 503);
    await meter.flushAll();
    const days = await store.days("acme", "2026-11-30", "2026-12-01");
    expect(days.get("2026-11-30")).toEqual({
      requests: 100,
      byStatusClass: { "2xx": 90, "3xx": 0, "4xx": 10, "5xx": 0 },
      byRoute: { "GET /v1/entries": 50, "POST /v1/entries": 50 },
    });
    expect(days.get("2026-12-01")).toEqual({
      requests: 1,
      byStatusClass: { "2xx": 0, "3xx": 0, "4xx": 0, "5xx": 1 },
      byRoute: { "GET /v1/entries": 1 },
    });
    expect(store.writes()).toBe(2);
  });

  it("keeps counts whose write failed and writes them with the next flush", async () => {
    const clock = createFakeClock();
    const store = createInMemoryUsage();
    let failing = true;
    const flaky: UsageRepository = {
      add: (...args) => (failing ? Promise.reject(new Error("unavailable")) : store.add(...args)),
      days: (...args) => store.days(...args),
    };
    const errors: unknown[] = [];
    const meter = createUsageMeter({
      store: flaky,
      clock: clock.now,
      flushMs: FLUSH_MS,
      schedule: () => undefined,
      onError: (error) => errors.push(error),
    });
    meter.record(await meter.admit("acme", null), "GET /v1/me", 200);
    await meter.flushAll();
    expect(errors).toHaveLength(1);
    failing = false;
    meter.record(await meter.admit("acme", null), "GET /v1/me", 200);
    await meter.flushAll();
    expect((await store.days("acme", "2026-11-30", "2026-11-30")).get("2026-11-30")?.requests).toBe(2);
  });

  it("lets exactly a quota of N through across two instances that see each other within the bound, then 429 until midnight", async () => {
    const clock = createFakeClock(new Date("2026-11-30T09:00:00.000Z"));
    const store = createInMemoryUsage();
    const instances = [meterOn(store, clock), meterOn(store, clock)];
    const statuses: number[] = [];
    for (let index = 0; index < 8; index++) {
      const meter = instances[index % 2] as UsageMeter;
      statuses.push(await request(meter, 5));
      // Between requests a flush bound passes and each idle instance's timer flushes.
      clock.advance(FLUSH_MS);
      await Promise.all(instances.map((one) => one.flushDue()));
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    const refused = await apiErrorOf(instances[0]?.admit("acme", 5) ?? Promise.resolve());
    const untilMidnight = String((15 * 60 * 60 * 1000 - 8 * FLUSH_MS) / 1000);
    expect(refused.toProblem("r").type).toMatch(/quota-exceeded$/);
    expect(refused.headers).toEqual({
      "Retry-After": untilMidnight,
      "RateLimit-Limit": "5",
      "RateLimit-Remaining": "0",
      "RateLimit-Reset": untilMidnight,
    });
    clock.advance(15 * 60 * 60 * 1000);
    expect(await request(instances[1] as UsageMeter, 5)).toBe(200);
  });

  it("overshoots a quota by at most what the other instances admit before their counts arrive", async () => {
    const clock = createFakeClock(new Date("2026-11-30T09:00:00.000Z"));
    const store = createInMemoryUsage();
    const [first, second] = [meterOn(store, clock), meterOn(store, clock)] as [UsageMeter, UsageMeter];
    // A burst within one flush bound: each instance knows only its own requests.
    const burst: number[] = [];
    for (let index = 0; index < 20; index++) burst.push(await request(index % 2 ? second : first, 5));
    expect(burst.filter((status) => status === 200)).toHaveLength(10);
    // A bound later both have written and re-read the total: no more gets through on either.
    clock.advance(FLUSH_MS);
    await Promise.all([first.flushDue(), second.flushDue()]);
    expect([await request(first, 5), await request(second, 5)]).toEqual([429, 429]);
    // Refused requests count too: the burst and the two 429s, once the second instance has written.
    await second.flushAll();
    expect(await first.usedToday("acme")).toBe(22);
  });

  it("counts requests in progress against the quota, so concurrent ones on one instance cannot pass it together", async () => {
    const clock = createFakeClock();
    const meter = meterOn(createInMemoryUsage(), clock);
    const admitted = await Promise.allSettled(Array.from({ length: 5 }, () => meter.admit("acme", 3)));
    expect(admitted.map(({ status }) => status)).toEqual([
      "fulfilled",
      "fulfilled",
      "fulfilled",
      "rejected",
      "rejected",
    ]);
  });

  it("gives back an admission whose request was answered without it, so it no longer counts as in progress", async () => {
    const clock = createFakeClock();
    const meter = meterOn(createInMemoryUsage(), clock);
    const first = await meter.admit("acme", 2);
    meter.release(first);
    meter.record({ partnerId: "acme" }, "GET /v1/me", 503);
    // One finished request, none in progress: one more is allowed, then the quota of 2 is reached.
    meter.record(await meter.admit("acme", 2), "GET /v1/me", 200);
    expect((await apiErrorOf(meter.admit("acme", 2))).code).toBe("QUOTA_EXCEEDED");
  });
});
