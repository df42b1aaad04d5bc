import { describe, expect, it } from "vitest";
import { call, entryBody, keyedCreate } from "../support/http.js";
import { adminDb, partnerSession, TEST_REQUEST_DEADLINE_SECONDS } from "../support/stack.js";
import { firestore } from "../support/stack-control.js";

describe("with Firestore down", () => {
  it(
    "answers 503 with Retry-After within the deadline, writes nothing, and serves again once it is back",
    { timeout: 120_000 },
    async () => {
      const partner = await partnerSession();
      const first = await call("/entries", { method: "POST", token: partner.token, body: entryBody() });
      expect(first.status).toBe(201);

      await firestore("stop");
      let outage: Awaited<ReturnType<typeof call>>[];
      const started = Date.now();
      try {
        outage = await Promise.all([
          call("/entries", { token: partner.token }),
          call(`/entries/${first.body.id}`, { token: partner.token }),
          call("/entries", keyedCreate(partner.token, "during-outage", entryBody({ amountMinor: 2 }))),
        ]);
      } finally {
        await firestore("start");
      }
      const elapsed = Date.now() - started;
      for (const response of outage) {
        expect(response.status).toBe(503);
        expect(response.headers.get("retry-after")).toMatch(/^\d+$/);
        expect(response.body).toMatchObject({ status: 503, title: "Service unavailable" });
      }
      // Bounded: the deadline plus scheduling slack, never the SDK's minute of retries.
      expect(elapsed).toBeLessThan((TEST_REQUEST_DEADLINE_SECONDS + 10) * 1000);

      let recovered = 0;
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        recovered = (await call("/entries", { token: partner.token })).status;
        if (recovered === 200) break;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      expect(recovered).toBe(200);

      // The POST answered 503 may or may not have committed; retrying with its key settles it to one entry.
      const retried = await call(
        "/entries",
        keyedCreate(partner.token, "during-outage", entryBody({ amountMinor: 2 })),
      );
      expect(retried.status).toBe(201);
      const stored = await adminDb().collection(`partners/${partner.partnerId}/entries`).get();
      expect(stored.docs.map((doc) => doc.get("amountMinor")).sort()).toEqual([1250, 2].sort());
    },
  );
});
