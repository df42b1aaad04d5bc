import { describe, expect, it } from "vitest";
import { call } from "../support/http.js";
import { adminDb, partnerSession, TEST_RATE_LIMIT_PER_MINUTE } from "../support/stack.js";

describe("rate limiting", () => {
  it(
    "answers 429 with Retry-After and RateLimit headers once a partner spends its budget",
    { timeout: 120_000 },
    async () => {
      const partner = await partnerSession({ scopes: ["entries:read"] });
      const writesBefore = (await adminDb().collection("partners").doc(partner.partnerId).get()).updateTime;
      const first = await call("/me", { token: partner.token });
      expect(first.headers.get("ratelimit-limit")).toBe(String(TEST_RATE_LIMIT_PER_MINUTE));
      expect(Number(first.headers.get("ratelimit-remaining"))).toBe(TEST_RATE_LIMIT_PER_MINUTE - 1);
      expect(Number(first.headers.get("ratelimit-reset"))).toBeGreaterThan(0);
      // Errors past authentication carry the budget too, so a client can pace itself on every answer.
      const missing = await call("/entries/e_missing", { token: partner.token });
      expect(missing.status).toBe(404);
      expect(Number(missing.headers.get("ratelimit-remaining"))).toBe(TEST_RATE_LIMIT_PER_MINUTE - 2);

      // Sequential requests reuse one emulator worker, i.e. one instance and its budget.
      let limited: Awaited<ReturnType<typeof call>> | undefined;
      let served = 2;
      while (!limited && served <= TEST_RATE_LIMIT_PER_MINUTE + 20) {
        const response = await call("/me", { token: partner.token });
        if (response.status === 429) limited = response;
        else served++;
      }
      expect(limited?.status).toBe(429);
      expect(served).toBeGreaterThanOrEqual(TEST_RATE_LIMIT_PER_MINUTE);
      expect(limited?.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      expect(Number(limited?.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(limited?.headers.get("ratelimit-remaining")).toBe("0");
      // Counting happens in memory: the partner's document was not written along the way.
      const writesAfter = (await adminDb().collection("partners").doc(partner.partnerId).get()).updateTime;
      expect(writesAfter?.toMillis()).toBe(writesBefore?.toMillis());

      const other = await partnerSession({ scopes: ["entries:read"] });
      expect((await call("/me", { token: other.token })).status).toBe(200);
    },
  );
});
