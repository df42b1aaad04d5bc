import { describe, expect, it } from "vitest";
import { call, entryBody } from "../support/http.js";
import { adminDb, partnerSession } from "../support/stack.js";

// The stack's Functions emulator runs at most FUNCTION_WORKERS requests at once, each in its own
// worker process, and queues the rest, as Cloud Run queues requests beyond an instance's concurrency.
// The 50 requests are sent at once; the first burst pays the workers' cold starts.
describe("under concurrency", () => {
  it(
    "creates one entry for 50 concurrent POSTs with one Idempotency-Key, all answered alike",
    { timeout: 240_000 },
    async () => {
      const partner = await partnerSession();
      const headers = { "idempotency-key": "burst-of-50" };
      const results = await Promise.all(
        Array.from({ length: 50 }, () =>
          call("/entries", { method: "POST", token: partner.token, body: entryBody(), headers }),
        ),
      );
      const created = results.filter((result) => result.status === 201);
      // 409 is the documented answer when contention outlasts the transaction retries.
      expect(results.filter((result) => result.status !== 201 && result.status !== 409)).toEqual([]);
      expect(created.length).toBeGreaterThan(0);
      expect(new Set(created.map((result) => JSON.stringify(result.body))).size).toBe(1);
      expect(created.filter((result) => result.headers.get("idempotent-replayed") === null)).toHaveLength(1);
      const stored = await adminDb().collection(`partners/${partner.partnerId}/entries`).count().get();
      expect(stored.data().count).toBe(1);
    },
  );

  it(
    "lets exactly one of 20 concurrent PATCHes with one If-Match win; the rest get 412",
    { timeout: 240_000 },
    async () => {
      const partner = await partnerSession();
      const created = await call("/entries", { method: "POST", token: partner.token, body: entryBody() });
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          call(`/entries/${created.body.id}`, {
            method: "PATCH",
            token: partner.token,
            body: { description: `writer ${index}` },
            headers: { "if-match": '"v1"' },
          }),
        ),
      );
      const statuses = results.map((result) => result.status).sort();
      expect(statuses.filter((status) => status === 200)).toHaveLength(1);
      expect(statuses.filter((status) => status === 412)).toHaveLength(19);
      const final = await call(`/entries/${created.body.id}`, { token: partner.token });
      expect(final.body.version).toBe(2);
      const winner = results.find((result) => result.status === 200);
      expect(final.body.description).toBe(winner?.body.description);
    },
  );
});
