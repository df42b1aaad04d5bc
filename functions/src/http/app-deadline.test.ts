import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it, vi } from "vitest";
import { GRPC_STATUS } from "../firebase-errors.js";
import { createInProcessApi } from "../testing/in-process-api.js";
import { ENTRY_INPUT } from "../testing/entry-fixtures.js";

// The request deadline may answer 503 (retry) only for a request that changed nothing.
const DEADLINE_MS = 200;

const input = ENTRY_INPUT;

const firestoreFailure = (code: number) => Object.assign(new Error(`${code} failed`), { code });

afterEach(() => {
  vi.useRealTimers();
});

describe("the request deadline", () => {
  it("answers 504, outcome unknown, when a sent commit has not answered one more deadline later", async () => {
    const api = createInProcessApi({
      requestDeadlineMs: DEADLINE_MS,
      wrapEntries: (repo) => ({
        ...repo,
        runTransaction: (_work, deadline) => {
          deadline?.attemptStarting();
          deadline?.beforeCommit();
          return new Promise(() => {});
        },
      }),
    });
    const { token } = await api.partner();
    const response = await api.request("POST", "/v1/entries", { token, body: input });
    expect(response.status).toBe(504);
    expect(response.headers["retry-after"]).toBeUndefined();
    expect(response.body).toMatchObject({ type: "urn:partner-api:problem:outcome-unknown" });
  });

  it("leaves no deadline timer behind once a request is answered", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const api = createInProcessApi();
    const { token } = await api.partner();
    const response = await api.request("POST", "/v1/entries", { token, body: input });
    expect(response.status).toBe(201);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("answers a create whose commit is under way at the deadline with its outcome, not 503", async () => {
    const api = createInProcessApi({
      requestDeadlineMs: DEADLINE_MS,
      // The commit is sent, and its answer takes longer than the deadline (within the one more
      // deadline a sent commit gets before the answer is 504).
      wrapEntries: (repo) => ({
        ...repo,
        runTransaction: async (work, deadline) => {
          const result = await repo.runTransaction(work, deadline);
          await sleep(DEADLINE_MS * 1.5);
          return result;
        },
      }),
    });
    const { token, partnerId } = await api.partner();
    const response = await api.request("POST", "/v1/entries", { token, body: input });
    expect(response.status).toBe(201);
    expect(await api.entries.listEntries(partnerId, 10, null)).toHaveLength(1);
  });

  it("answers 503 while nothing was sent, and that request's transaction then rolls back", async () => {
    const api = createInProcessApi({
      requestDeadlineMs: DEADLINE_MS,
      // The transaction's reads outlast the deadline; its commit would come after.
      wrapEntries: (repo) => ({
        ...repo,
        runTransaction: (work, deadline) =>
          repo.runTransaction(async (tx) => {
            await sleep(DEADLINE_MS * 2);
            return work(tx);
          }, deadline),
      }),
    });
    const { token, partnerId } = await api.partner();
    const response = await api.request("POST", "/v1/entries", { token, body: input });
    expect(response.status).toBe(503);
    expect(response.headers["retry-after"]).toBe("5");
    await sleep(DEADLINE_MS * 4);
    expect(await api.entries.listEntries(partnerId, 10, null)).toEqual([]);
  });

  it("answers 504 without Retry-After when a sent commit fails, and the same key then replays what landed", async () => {
    let loseAnswer = true;
    const api = createInProcessApi({
      requestDeadlineMs: DEADLINE_MS,
      // The commit lands, but its answer is lost (as when a connection drops after the write).
      wrapEntries: (repo) => ({
        ...repo,
        runTransaction: async (work, deadline) => {
          const result = await repo.runTransaction(work, deadline);
          if (loseAnswer) throw firestoreFailure(GRPC_STATUS.UNAVAILABLE);
          return result;
        },
      }),
    });
    const { token, partnerId } = await api.partner();
    const headers = { "idempotency-key": "k-504" };
    const unknown = await api.request("POST", "/v1/entries", { token, body: input, headers });
    expect(unknown.status).toBe(504);
    expect(unknown.headers["retry-after"]).toBeUndefined();
    expect(unknown.body).toMatchObject({ type: "urn:partner-api:problem:outcome-unknown", status: 504 });

    loseAnswer = false;
    const retried = await api.request("POST", "/v1/entries", { token, body: input, headers });
    expect(retried.status).toBe(201);
    expect(retried.headers["idempotent-replayed"]).toBe("true");
    expect(await api.entries.listEntries(partnerId, 10, null)).toHaveLength(1);
  });
});
