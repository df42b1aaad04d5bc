import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { createInProcessApi } from "../testing/in-process-api.js";

describe("public routes", () => {
  it("answers health with 200 and JSON, uncached, without authenticating", async () => {
    const api = createInProcessApi();
    const response = await api.request("GET", "/v1/health");
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: "ok" });
    expect(response.headers["content-type"]).toMatch(/^application\/json/);
    expect(response.headers["cache-control"]).toBe("no-store");
    expect(response.headers["x-powered-by"]).toBeUndefined();
    expect(response.headers.etag).toBeUndefined();
    expect(api.auth.calls.verifyIdToken).toBe(0);
  });

  it("serves a valid OpenAPI 3.1 document, the same one on every request", async () => {
    const api = createInProcessApi();
    const first = await api.request("GET", "/v1/openapi.json");
    const second = await api.request("GET", "/v1/openapi.json");
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ openapi: "3.1.0", info: { title: "Partner API" } });
    expect(second.body).toEqual(first.body);
    const validation = await new Validator().validate(first.body as Parameters<Validator["validate"]>[0]);
    expect(validation.errors).toBeUndefined();
    expect(validation.valid).toBe(true);
    expect(api.auth.calls.verifyIdToken).toBe(0);
  });
});

describe("request ids", () => {
  it("echoes a sane X-Request-Id on success and in the problem body of an error", async () => {
    const api = createInProcessApi();
    const ok = await api.request("GET", "/v1/health", { headers: { "x-request-id": "abc-123:x.y_z" } });
    expect(ok.headers["x-request-id"]).toBe("abc-123:x.y_z");
    const missing = await api.request("GET", "/v1/nope", { headers: { "x-request-id": "trace-1" } });
    expect(missing.headers["x-request-id"]).toBe("trace-1");
    expect(missing.body).toMatchObject({ requestId: "trace-1" });
  });

  it("replaces a missing, overlong or unsafe X-Request-Id with a fresh one", async () => {
    const api = createInProcessApi();
    for (const callerId of [undefined, "a".repeat(129), "has space", "semi;colon", ""]) {
      const headers: Record<string, string> = callerId === undefined ? {} : { "x-request-id": callerId };
      const response = await api.request("GET", "/v1/health", { headers });
      expect(response.headers["x-request-id"]).toMatch(/^req_[A-Za-z0-9_-]{16}$/);
    }
    const longest = "a".repeat(128);
    const kept = await api.request("GET", "/v1/health", { headers: { "x-request-id": longest } });
    expect(kept.headers["x-request-id"]).toBe(longest);
  });
});

describe("routing", () => {
  it("answers 404 problem+json for an unknown path, before authenticating", async () => {
    const api = createInProcessApi();
    const { token } = await api.partner();
    const response = await api.request("GET", "/v1/nope", { token });
    expect(response.status).toBe(404);
    expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(response.headers["cache-control"]).toBe("no-store");
    expect(response.body).toEqual({
      type: "urn:partner-api:problem:not-found",
      title: "Not found",
      status: 404,
      detail: "No such route; see /v1/openapi.json.",
      requestId: response.headers["x-request-id"],
    });
    expect(api.auth.calls.verifyIdToken).toBe(0);
  });

  it.each([
    ["DELETE", "/v1/entries/e_1", "GET, PATCH"],
    ["PUT", "/v1/entries", "GET, POST"],
    ["POST", "/v1/health", "GET"],
  ])("answers %s %s with 405 and Allow: %s, changing nothing", async (method, path, allow) => {
    const api = createInProcessApi();
    const { token, partnerId } = await api.partner();
    const response = await api.request(method, path, { token, body: {} });
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe(allow);
    expect(response.body).toMatchObject({
      status: 405,
      title: "Method not allowed",
      detail: `${method} is not supported here; use ${allow}.`,
    });
    expect(await api.entries.listEntries(partnerId, 10, null)).toEqual([]);
  });

  it("answers 404 for an empty id segment, a nested path and broken percent-encoding", async () => {
    const api = createInProcessApi();
    const { token } = await api.partner();
    for (const path of ["/v1/entries/", "/v1/entries/e_1/x", "/v1/entries/%E0%A4%A"]) {
      expect((await api.request("GET", path, { token })).status).toBe(404);
    }
  });
});
