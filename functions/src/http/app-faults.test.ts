import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { GRPC_STATUS } from "../firebase-errors.js";
import * as logs from "../logs.js";
import { createInProcessApi, type InProcessApiOptions } from "../testing/in-process-api.js";
import { ENTRY_INPUT } from "../testing/entry-fixtures.js";

// Records each log function's calls and keeps its behaviour (spying works without module isolation).
beforeEach(() => {
  for (const name of [
    "backendUnavailable",
    "transactionContention",
    "unexpectedError",
    "writeOutcomeUnknown",
    "requestCompleted",
  ] as const) {
    vi.spyOn(logs, name);
  }
});

afterEach(() => {
  vi.restoreAllMocks();
});

const input = ENTRY_INPUT;

const failing = (error: unknown): InProcessApiOptions => ({
  wrapEntries: (repo) => ({
    ...repo,
    getEntry: () => Promise.reject(error),
    listEntries: () => Promise.reject(error),
    runTransaction: () => Promise.reject(error),
  }),
});

const firestoreFailure = (code: number) => Object.assign(new Error(`${code} failed`), { code });

// Every transaction sends its commit, which then fails with `error` (Firestore's answer to the commit).
const commitFails = (error: unknown): InProcessApiOptions => ({
  wrapEntries: (repo) => ({
    ...repo,
    runTransaction: (_work, deadline) => {
      deadline?.attemptStarting();
      deadline?.beforeCommit();
      return Promise.reject(error);
    },
  }),
});

describe("backend failures", () => {
  it.each([
    ["UNAVAILABLE", GRPC_STATUS.UNAVAILABLE],
    ["DEADLINE_EXCEEDED", GRPC_STATUS.DEADLINE_EXCEEDED],
    ["RESOURCE_EXHAUSTED", GRPC_STATUS.RESOURCE_EXHAUSTED],
  ])("answers 503 with Retry-After when Firestore fails with %s, and logs a warning", async (_name, code) => {
    const api = createInProcessApi(failing(firestoreFailure(code)));
    const { token, partnerId } = await api.partner();
    for (const [method, path] of [
      ["GET", "/v1/entries"],
      ["GET", "/v1/entries/e_1"],
      ["POST", "/v1/entries"],
    ] as const) {
      const response = await api.request(method, path, { token, body: input });
      expect(response.status).toBe(503);
      expect(response.headers["retry-after"]).toBe("5");
      expect(response.body).toMatchObject({
        title: "Service unavailable",
        detail: expect.stringMatching(/retry/),
      });
    }
    expect(logs.backendUnavailable).toHaveBeenCalledTimes(3);
    expect(logs.backendUnavailable).toHaveBeenCalledWith(
      expect.objectContaining({ partnerId, route: "GET /v1/entries" }),
      expect.objectContaining({ code }),
    );
    expect(logs.unexpectedError).not.toHaveBeenCalled();
  });

  it("answers 409 with Retry-After: 1 when transaction contention outlasts the retries", async () => {
    const api = createInProcessApi(failing(firestoreFailure(GRPC_STATUS.ABORTED)));
    const { token } = await api.partner();
    const response = await api.request("POST", "/v1/entries", { token, body: input });
    expect(response.status).toBe(409);
    expect(response.headers["retry-after"]).toBe("1");
    expect(response.body).toMatchObject({
      title: "Conflict",
      detail: "A concurrent request changed the same data; retry.",
    });
    expect(logs.transactionContention).toHaveBeenCalledOnce();
  });

  it("answers 409, not 504, when the sent commit itself was aborted, since Firestore applied none of it", async () => {
    const api = createInProcessApi(commitFails(firestoreFailure(GRPC_STATUS.ABORTED)));
    const { token, partnerId } = await api.partner();
    const response = await api.request("POST", "/v1/entries", { token, body: input });
    expect(response.status).toBe(409);
    expect(response.headers["retry-after"]).toBe("1");
    expect(logs.writeOutcomeUnknown).not.toHaveBeenCalled();
    expect(await api.entries.listEntries(partnerId, 10, null)).toEqual([]);
  });

  it("answers 504 without Retry-After when a sent commit fails otherwise, and logs the unknown outcome", async () => {
    const failure = firestoreFailure(GRPC_STATUS.UNAVAILABLE);
    const api = createInProcessApi(commitFails(failure));
    const { token, partnerId } = await api.partner();
    const response = await api.request("POST", "/v1/entries", { token, body: input });
    expect(response.status).toBe(504);
    expect(response.headers["retry-after"]).toBeUndefined();
    expect(response.body).toMatchObject({
      type: "urn:partner-api:problem:outcome-unknown",
      detail:
        "The write was sent but its outcome is unknown; do not repeat it blindly. A create repeated with " +
        "the same Idempotency-Key cannot duplicate; for a correction, GET the entry to see whether it applied.",
    });
    expect(logs.writeOutcomeUnknown).toHaveBeenCalledWith(
      expect.objectContaining({ partnerId, route: "POST /v1/entries" }),
      failure,
    );
    expect(logs.backendUnavailable).not.toHaveBeenCalled();
  });

  it("answers 500 without details for an unexpected error, and logs it in full", async () => {
    const bug = new TypeError("cannot read properties of undefined (reading 'secret')");
    const api = createInProcessApi(failing(bug));
    const { token } = await api.partner();
    const response = await api.request("GET", "/v1/entries/e_1", { token });
    expect(response.status).toBe(500);
    expect(response.body).toEqual({
      type: "urn:partner-api:problem:internal",
      title: "Internal error",
      status: 500,
      detail: "Something went wrong on our side; quote the requestId to support.",
      requestId: response.headers["x-request-id"],
    });
    expect(response.text).not.toMatch(/secret|TypeError|at /);
    expect(logs.unexpectedError).toHaveBeenCalledWith(
      expect.objectContaining({ route: "GET /v1/entries/:id" }),
      bug,
    );
  });

  it("answers 503 when a backend stalls past the request deadline", async () => {
    const api = createInProcessApi({
      requestDeadlineMs: 30,
      wrapEntries: (repo) => ({ ...repo, getEntry: () => new Promise(() => {}) }),
    });
    const { token } = await api.partner();
    const response = await api.request("GET", "/v1/entries/e_1", { token });
    expect(response.status).toBe(503);
    expect(response.headers["retry-after"]).toBe("5");
    expect(response.body).toMatchObject({ detail: "A backend did not answer in time; retry later." });
  });

  it("answers 503 when the partner lookup fails, and lets no request through", async () => {
    const api = createInProcessApi({
      wrapPartners: (partners) => ({ ...partners, getPartner: () => Promise.reject(firestoreFailure(14)) }),
    });
    const { token } = await api.partner();
    const response = await api.request("GET", "/v1/me", { token });
    expect(response.status).toBe(503);
  });

  it("logs every answered request once, with its route, status, partner and user", async () => {
    const api = createInProcessApi();
    const { token, partnerId, uid } = await api.partner();
    const before = performance.now();
    await api.request("GET", "/v1/me", { token, headers: { "x-request-id": "r-1" } });
    const elapsed = performance.now() - before;
    await api.request("GET", "/v1/nope", { headers: { "x-request-id": "r-2" } });
    expect(logs.requestCompleted).toHaveBeenCalledTimes(2);
    expect(logs.requestCompleted).toHaveBeenCalledWith(
      { requestId: "r-1", route: "GET /v1/me", partnerId, uid },
      200,
      expect.any(Number),
    );
    // The logged latency is the request's own duration, within what the test saw from outside.
    const latency = vi.mocked(logs.requestCompleted).mock.calls[0]?.[2];
    expect(latency).toBeGreaterThanOrEqual(0);
    expect(latency).toBeLessThanOrEqual(elapsed);
    expect(logs.requestCompleted).toHaveBeenCalledWith(
      { requestId: "r-2", route: "unmatched" },
      404,
      expect.any(Number),
    );
  });
});
