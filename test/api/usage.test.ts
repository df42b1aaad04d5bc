import { describe, expect, it } from "vitest";
import { call, entryBody } from "../support/http.js";
import {
  partners,
  partnerSession,
  TEST_ACCESS_CACHE_SECONDS,
  TEST_USAGE_FLUSH_SECONDS,
  type PartnerSession,
} from "../support/stack.js";

// Usage counting and daily quotas on the stack: the Functions emulator runs several workers (one
// request at a time each), each with its own meter, writing its counts within TEST_USAGE_FLUSH_SECONDS.
const FLUSH_MS = TEST_USAGE_FLUSH_SECONDS * 1000;
const today = () => new Date().toISOString().slice(0, 10);

async function usageToday(partner: PartnerSession) {
  const response = await call(`/usage?from=${today()}&to=${today()}`, { token: partner.token });
  expect(response.status).toBe(200);
  return response.body as {
    data: { requests: number; byStatusClass: Record<string, number>; byRoute: Record<string, number> }[];
    quota: { daily: number | null; usedToday: number; resetsAt: string };
  };
}

/** Polls the usage report until `done`, for at most the flush bound twice over and some slack. */
async function usageWithin(
  partner: PartnerSession,
  done: (report: Awaited<ReturnType<typeof usageToday>>) => boolean,
) {
  const deadline = Date.now() + 2 * FLUSH_MS + 10_000;
  for (;;) {
    const report = await usageToday(partner);
    if (done(report) || Date.now() > deadline) return report;
    await new Promise((resolve) => setTimeout(resolve, FLUSH_MS));
  }
}

describe("usage on the stack", () => {
  it("counts the requests made, by route and status class, once every worker has flushed; public routes not at all", async () => {
    const partner = await partnerSession();
    const { token } = partner;
    const made = await Promise.all([
      call("/me", { token }),
      call("/me", { token }),
      call("/entries", { method: "POST", token, body: entryBody() }),
      call("/entries", { method: "POST", token, body: entryBody() }),
      call("/entries/e_missing", { token }),
      call("/entries?limit=0", { token }),
      call("/health", { token }),
      call("/openapi.json", { token }),
      call("/me", { token: "not-a-token" }),
    ]);
    expect(made.map(({ status }) => status)).toEqual([200, 200, 201, 201, 404, 400, 200, 200, 401]);
    // Each report is itself a request counted after it is answered: the n-th report sees n - 1 of them.
    let reports = 0;
    const report = await usageWithin(partner, (body) => {
      reports++;
      // Every worker's counts are in once the six requests of this test are, whatever worker served them.
      const counted = Object.entries(body.data[0]?.byRoute ?? {}).filter(
        ([route]) => route !== "GET /v1/usage",
      );
      return counted.reduce((sum, [, n]) => sum + n, 0) >= 6;
    });
    const routes = { ...report.data[0]?.byRoute };
    const previousReports = routes["GET /v1/usage"] ?? 0;
    delete routes["GET /v1/usage"];
    expect(previousReports).toBeLessThan(reports);
    expect(routes).toEqual({
      "GET /v1/me": 2,
      "POST /v1/entries": 2,
      "GET /v1/entries/{id}": 1,
      "GET /v1/entries": 1,
    });
    expect(report.data[0]?.requests).toBe(6 + previousReports);
    expect(report.data[0]?.byStatusClass).toEqual({
      "2xx": 4 + previousReports,
      "3xx": 0,
      "4xx": 2,
      "5xx": 0,
    });
    expect(report.quota).toMatchObject({ daily: null, usedToday: 6 + previousReports });
  });

  it("refuses a partner past its daily quota with 429 problem+json until midnight UTC, on every worker within the flush bound", async () => {
    const partner = await partnerSession();
    await partners().setDailyRequestQuota(partner.partnerId, 5);
    const { token } = partner;
    // Pairs of concurrent requests, so more than one worker serves them, until the first refusal.
    const sent: { status: number; at: number }[] = [];
    while (!sent.some(({ status }) => status === 429) && sent.length < 200) {
      const pair = await Promise.all([call("/me", { token }), call("/me", { token })]);
      sent.push(...pair.map(({ status }) => ({ status, at: Date.now() })));
    }
    const served = sent.filter(({ status }) => status === 200);
    expect(served.length).toBeGreaterThanOrEqual(5);
    // The overshoot bound: what the workers let through in two flush bounds after the quota was reached.
    const fifth = served[4]?.at ?? 0;
    expect(served.length - 5).toBeLessThanOrEqual(
      sent.filter(({ at }) => at > fifth && at <= fifth + 2 * FLUSH_MS + 1000).length,
    );
    // Past two flush bounds every worker knows: nothing more gets through.
    await new Promise((resolve) => setTimeout(resolve, 2 * FLUSH_MS + 500));
    const after = await Promise.all(Array.from({ length: 4 }, () => call("/entries", { token })));
    expect(after.map(({ status }) => status)).toEqual([429, 429, 429, 429]);
    const refused = after[0];
    expect(refused?.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(refused?.body).toMatchObject({ status: 429, type: expect.stringMatching(/quota-exceeded$/) });
    const untilMidnight = (Date.parse(`${today()}T00:00:00Z`) + 86_400_000 - Date.now()) / 1000;
    expect(Math.abs(Number(refused?.headers.get("retry-after")) - untilMidnight)).toBeLessThan(5);
    expect(refused?.headers.get("ratelimit-limit")).toBe("5");
    expect(refused?.headers.get("ratelimit-remaining")).toBe("0");
    expect(refused?.headers.get("ratelimit-reset")).toBe(refused?.headers.get("retry-after"));
    // Lifting the quota lets it in again (within the access cache bound).
    await partners().setDailyRequestQuota(partner.partnerId, null);
    const deadline = Date.now() + (TEST_ACCESS_CACHE_SECONDS + 2) * 1000;
    let status = 429;
    while (status === 429 && Date.now() < deadline) status = (await call("/me", { token })).status;
    expect(status).toBe(200);
  }, 120_000);
});
