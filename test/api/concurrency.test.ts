import { describe, expect, it } from "vitest";
import { call, entryBody, keyedCreate } from "../support/http.js";
import { entryCount, partnerSession } from "../support/stack.js";

// The stack's Functions emulator runs at most FUNCTION_WORKERS requests at once, each in its own
// worker process, and queues the rest, as Cloud Run queues requests beyond an instance's concurrency.
// The 50 requests are sent at once; the first burst pays the workers' cold starts.
describe("under concurrency", () => {
  it(
    "creates one entry for 50 concurrent POSTs with one Idempotency-Key; every refusal changed nothing",
    { timeout: 240_000 },
    async () => {
      const partner = await partnerSession();
      const request = keyedCreate(partner.token, "burst-of-50");
      const results = await Promise.all(Array.from({ length: 50 }, () => call("/entries", request)));
      const created = results.filter((result) => result.status === 201);
      const refused = results.filter((result) => result.status !== 201);
      // The only other answers are the retryable ones: 409 when contention outlasts the transaction
      // retries, 503 when a backend is slow past the request deadline (on a loaded machine, Auth can
      // be). Both carry Retry-After, and both promise that nothing changed.
      expect(refused.filter((result) => ![409, 503].includes(result.status))).toEqual([]);
      expect(refused.filter((result) => result.headers.get("retry-after") === null)).toEqual([]);
      expect(created.length).toBeGreaterThan(0);
      expect(new Set(created.map((result) => JSON.stringify(result.body))).size).toBe(1);
      expect(created.filter((result) => result.headers.get("idempotent-replayed") === null)).toHaveLength(1);
      // Retrying each refusal as told replays the one entry: a refused request wrote nothing of its own.
      for (const _ of refused) {
        const retried = await call("/entries", request);
        expect(retried.status).toBe(201);
        expect(retried.headers.get("idempotent-replayed")).toBe("true");
        expect(retried.body).toEqual(created[0]?.body);
      }
      expect(await entryCount(partner.partnerId)).toBe(1);
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
      // The rest lost: 412, or 503 (a backend slow past the deadline, nothing changed) on a loaded machine.
      expect(statuses.filter((status) => status !== 200 && status !== 412 && status !== 503)).toEqual([]);
      expect(statuses.filter((status) => status === 412).length).toBeGreaterThan(0);
      const final = await call(`/entries/${created.body.id}`, { token: partner.token });
      expect(final.body.version).toBe(2);
      const winner = results.find((result) => result.status === 200);
      expect(final.body.description).toBe(winner?.body.description);
    },
  );
});
