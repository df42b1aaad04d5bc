import { describe, expect, it } from "vitest";
import { ENTRY_INPUT } from "../testing/entry-fixtures.js";
import { createInProcessApi } from "../testing/in-process-api.js";

const FLUSH_MS = 10_000;

interface Report {
  data: {
    date: string;
    requests: number;
    byStatusClass: Record<string, number>;
    byRoute: Record<string, number>;
  }[];
  quota: { daily: number | null; usedToday: number; resetsAt: string };
}

describe("usage through the API", () => {
  it("counts every authenticated request by route template and status class, and none of the public ones", async () => {
    const api = createInProcessApi({ usageFlushMs: FLUSH_MS });
    const { token } = await api.partner();
    const created = await api.request("POST", "/v1/entries", { token, body: ENTRY_INPUT });
    const id = (created.body as { id: string }).id;
    await api.request("GET", `/v1/entries/${id}`, { token });
    await api.request("GET", "/v1/entries/e_missing", { token });
    await api.request("GET", "/v1/entries?limit=0", { token });
    await api.request("GET", "/v1/health", { token });
    await api.request("GET", "/v1/openapi.json", { token });
    await api.request("POST", "/v1/oauth/token", { body: "grant_type=client_credentials" });
    await api.request("GET", "/v1/me", { token: "not-a-token" });
    const report = await api.request("GET", "/v1/usage", { token });
    expect(report.status).toBe(200);
    const { data, quota } = report.body as Report;
    expect(data).toHaveLength(7);
    expect(data.map(({ date }) => date)).toEqual([
      "2026-11-24",
      "2026-11-25",
      "2026-11-26",
      "2026-11-27",
      "2026-11-28",
      "2026-11-29",
      "2026-11-30",
    ]);
    expect(data[6]).toEqual({
      date: "2026-11-30",
      requests: 4,
      byStatusClass: { "2xx": 2, "3xx": 0, "4xx": 2, "5xx": 0 },
      byRoute: { "POST /v1/entries": 1, "GET /v1/entries/{id}": 2, "GET /v1/entries": 1 },
    });
    expect(data[0]).toMatchObject({ requests: 0, byRoute: {} });
    expect(quota).toEqual({ daily: null, usedToday: 4, resetsAt: "2026-12-01T00:00:00.000Z" });
    // The report itself counts (after it was answered).
    const again = (await api.request("GET", "/v1/usage?from=2026-11-30&to=2026-11-30", { token }))
      .body as Report;
    expect(again.data).toEqual([expect.objectContaining({ requests: 5 })]);
    expect(again.data[0]?.byRoute["GET /v1/usage"]).toBe(1);
  });

  it("refuses a range longer than 93 days, reversed or not made of dates, with 400 naming the field", async () => {
    const api = createInProcessApi();
    const { token } = await api.partner();
    const long = await api.request("GET", "/v1/usage?from=2026-01-01&to=2026-04-04", { token });
    expect(long.status).toBe(400);
    expect(long.body).toMatchObject({ errors: [{ field: "to" }] });
    expect((await api.request("GET", "/v1/usage?from=2026-01-01&to=2026-04-03", { token })).status).toBe(200);
    const reversed = await api.request("GET", "/v1/usage?from=2026-11-02&to=2026-11-01", { token });
    expect(reversed.body).toMatchObject({ errors: [{ field: "from" }] });
    const bad = await api.request("GET", "/v1/usage?from=yesterday", { token });
    expect(bad.body).toMatchObject({ status: 400, errors: [{ field: "from" }] });
  });

  it("costs one write per partner and day per flush bound, however many requests", async () => {
    const api = createInProcessApi({ usageFlushMs: FLUSH_MS });
    const { token } = await api.partner();
    for (let index = 0; index < 50; index++) await api.request("GET", "/v1/me", { token });
    expect(api.usage.store.writes()).toBe(0);
    api.clock.advance(FLUSH_MS);
    await api.request("GET", "/v1/me", { token });
    expect(api.usage.store.writes()).toBe(1);
  });

  it("enforces a daily quota across two instances: N requests, then 429 problem+json until the next UTC midnight", async () => {
    const first = createInProcessApi({ usageFlushMs: FLUSH_MS });
    const second = createInProcessApi({ usageFlushMs: FLUSH_MS, shared: first });
    const session = await first.partner();
    await first.partners.setDailyRequestQuota(session.partnerId, 3);
    const statuses: number[] = [];
    for (let index = 0; index < 5; index++) {
      const instance = index % 2 ? second : first;
      const token = first.auth.issueToken(session.uid);
      statuses.push((await instance.request("GET", "/v1/me", { token })).status);
      first.clock.advance(FLUSH_MS);
      await Promise.all([first.usage.meter.flushDue(), second.usage.meter.flushDue()]);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const token = first.auth.issueToken(session.uid);
    const refused = await second.request("GET", "/v1/entries", { token });
    expect(refused.status).toBe(429);
    expect(refused.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ type: "urn:partner-api:problem:quota-exceeded", status: 429 });
    const untilMidnight = (Date.parse("2026-12-01T00:00:00Z") - first.clock.now().getTime()) / 1000;
    expect(refused.headers).toMatchObject({
      "retry-after": String(untilMidnight),
      "ratelimit-limit": "3",
      "ratelimit-remaining": "0",
      "ratelimit-reset": String(untilMidnight),
    });
    // The usage report is a request too, refused like the rest; the next day starts afresh.
    first.clock.advance(untilMidnight * 1000);
    await second.usage.meter.flushDue();
    const nextDay = await first.request("GET", "/v1/usage?from=2026-11-30&to=2026-12-01", {
      token: first.auth.issueToken(session.uid),
    });
    expect(nextDay.status).toBe(200);
    const report = nextDay.body as Report;
    expect(report.quota).toEqual({ daily: 3, usedToday: 0, resetsAt: "2026-12-02T00:00:00.000Z" });
    expect(report.data[0]).toMatchObject({ requests: 6, byStatusClass: { "2xx": 3, "4xx": 3 } });
  });

  it("lets a partner without a quota through however many requests it makes", async () => {
    const api = createInProcessApi();
    const session = await api.partner();
    await api.partners.setDailyRequestQuota(session.partnerId, 2);
    await api.partners.setDailyRequestQuota(session.partnerId, null);
    for (let index = 0; index < 5; index++) {
      expect((await api.request("GET", "/v1/me", { token: session.token })).status).toBe(200);
    }
  });

  it("answers 503 when the quota check outlasts the deadline, counting that request once and holding nothing back", async () => {
    let stalled: (() => void) | null = null;
    const api = createInProcessApi({
      requestDeadlineMs: 20,
      wrapUsageStore: (store) => ({
        ...store,
        days: async (...args) => {
          if (stalled === null) await new Promise<void>((resolve) => (stalled = resolve));
          return store.days(...args);
        },
      }),
    });
    const session = await api.partner();
    await api.partners.setDailyRequestQuota(session.partnerId, 2);
    const first = await api.request("GET", "/v1/me", { token: session.token });
    expect(first.status).toBe(503);
    (stalled as (() => void) | null)?.();
    await new Promise((resolve) => setTimeout(resolve, 10));
    // The 503 counts once; the stalled admission was given back, so one more request fits the quota of 2.
    expect((await api.request("GET", "/v1/me", { token: session.token })).status).toBe(200);
    expect((await api.request("GET", "/v1/me", { token: session.token })).status).toBe(429);
  });
});
