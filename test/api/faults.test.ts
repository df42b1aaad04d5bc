import { describe, expect, it } from "vitest";
import { call, entryBody, keyedCreate } from "../support/http.js";
import { adminDb, entryCount, partnerSession, TEST_REQUEST_DEADLINE_SECONDS } from "../support/stack.js";
import { injectFault } from "../support/stack-control.js";

/** Longer than the stack's request deadline, so a delayed call is still running when it passes. */
const PAST_THE_DEADLINE_MS = (TEST_REQUEST_DEADLINE_SECONDS + 1) * 1000;

// Each test holds or fails only its own partner's RPCs, so they wait out the deadline side by side.
describe.concurrent("at the request deadline", () => {
  it("answers a POST whose commit was sent with its outcome (201, one entry), never a 503 inviting a duplicate", async () => {
    const partner = await partnerSession();
    const body = entryBody();
    const slowCommit = await injectFault({
      method: "Commit",
      match: `partners/${partner.partnerId}/entries/`,
      delayMs: PAST_THE_DEADLINE_MS,
    });
    let created;
    try {
      // No Idempotency-Key: a 503 here would tell the partner to retry, and the retry would duplicate.
      created = await call("/entries", { method: "POST", token: partner.token, body });
      expect(await slowCommit.hits()).toBe(1);
    } finally {
      await slowCommit.remove();
    }
    expect(created.status).toBe(201);
    expect(created.headers.get("retry-after")).toBeNull();
    expect(created.body).toMatchObject({ ...body, version: 1 });
    const stored = await adminDb().collection(`partners/${partner.partnerId}/entries`).get();
    expect(stored.docs.map((doc) => doc.id)).toEqual([created.body.id]);
  });

  it("answers a PATCH whose commit was sent with its outcome (200, one version bump)", async () => {
    const partner = await partnerSession();
    const created = await call("/entries", { method: "POST", token: partner.token, body: entryBody() });
    const slowCommit = await injectFault({
      method: "Commit",
      match: `partners/${partner.partnerId}/entries/${created.body.id}`,
      delayMs: PAST_THE_DEADLINE_MS,
    });
    let patched;
    try {
      patched = await call(`/entries/${created.body.id}`, {
        method: "PATCH",
        token: partner.token,
        body: { description: "corrected" },
      });
      expect(await slowCommit.hits()).toBe(1);
    } finally {
      await slowCommit.remove();
    }
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ description: "corrected", version: 2 });
    const stored = await adminDb().doc(`partners/${partner.partnerId}/entries/${created.body.id}`).get();
    expect(stored.get("version")).toBe(2);
  });

  it("answers 503 with Retry-After when nothing was sent yet, and that request never commits later", async () => {
    const partner = await partnerSession();
    const request = keyedCreate(partner.token, "slow-read");
    const slowRead = await injectFault({
      method: "BatchGetDocuments",
      match: `partners/${partner.partnerId}/idempotencyKeys/`,
      delayMs: PAST_THE_DEADLINE_MS,
    });
    let first;
    try {
      first = await call("/entries", request);
      // Once the held read has gone through, the answered request holds the key's lock until it commits
      // or rolls back, so the retry below queues behind whatever it does.
      while ((await slowRead.hits()) < 1) await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await slowRead.remove();
    }
    expect(first.status).toBe(503);
    expect(first.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(first.body).toMatchObject({ status: 503, title: "Service unavailable" });

    const retried = await call("/entries", request);
    expect(retried.status).toBe(201);
    // Not a replay: the request answered 503 wrote nothing, so the retry is the first to create.
    expect(retried.headers.get("idempotent-replayed")).toBeNull();
    expect(await entryCount(partner.partnerId)).toBe(1);
  });

  it(
    "answers 504 outcome unknown, without Retry-After, when a sent commit fails, and the same key then settles it",
    { timeout: 60_000 },
    async () => {
      const partner = await partnerSession();
      const request = keyedCreate(partner.token, "commit-lost");
      const failingCommit = await injectFault({
        method: "Commit",
        match: `partners/${partner.partnerId}/entries/`,
        fail: true,
      });
      let unknown;
      try {
        unknown = await call("/entries", request);
      } finally {
        await failingCommit.remove();
      }
      expect(unknown.status).toBe(504);
      expect(unknown.headers.get("retry-after")).toBeNull();
      expect(unknown.body).toMatchObject({
        type: "urn:partner-api:problem:outcome-unknown",
        status: 504,
        title: "Outcome unknown",
      });

      // The SDK may still be retrying that commit; the same key waits for it and answers with its entry.
      // On a loaded machine that wait can outlast one request's deadline: a 503 with Retry-After, which
      // changes nothing, and a client retries as told (seen once on a clean-clone CI run).
      let retried = await call("/entries", request);
      for (let attempt = 1; retried.status === 503 && attempt < 3; attempt++) {
        const retryAfter = retried.headers.get("retry-after");
        expect(retryAfter).toMatch(/^\d+$/);
        await new Promise((resolve) => setTimeout(resolve, Number(retryAfter) * 1000));
        retried = await call("/entries", request);
      }
      expect(retried.status).toBe(201);
      expect(await entryCount(partner.partnerId)).toBe(1);
    },
  );
});
