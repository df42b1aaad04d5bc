import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { call, entryBody } from "../support/http.js";
import { partnerSession } from "../support/stack.js";

describe("public routes", () => {
  it("answers /v1/health with 200 and a request id", async () => {
    const response = await call("/health");
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: "ok" });
    expect(response.headers.get("x-request-id")).toMatch(/^req_/);
  });

  it("echoes a sane X-Request-Id and replaces an unsafe one", async () => {
    const echoed = await call("/health", { headers: { "x-request-id": "trace-123.abc" } });
    expect(echoed.headers.get("x-request-id")).toBe("trace-123.abc");
    const replaced = await call("/health", { headers: { "x-request-id": "bad id with spaces" } });
    expect(replaced.headers.get("x-request-id")).toMatch(/^req_/);
  });

  it("serves an OpenAPI 3.1 document that a validator accepts and that names every route", async () => {
    const response = await call("/openapi.json");
    expect(response.status).toBe(200);
    expect(response.body.openapi).toBe("3.1.0");
    const result = await new Validator().validate(response.body);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(Object.keys(response.body.paths).sort()).toEqual([
      "/v1/entries",
      "/v1/entries/{id}",
      "/v1/entries/{id}/versions",
      "/v1/events",
      "/v1/events/{id}",
      "/v1/health",
      "/v1/me",
      "/v1/oauth/token",
      "/v1/openapi.json",
      "/v1/usage",
      "/v1/webhook-endpoints",
      "/v1/webhook-endpoints/{id}",
      "/v1/webhook-endpoints/{id}/deliveries",
      "/v1/webhook-endpoints/{id}/replay",
      "/v1/webhook-endpoints/{id}/rotate-secret",
      "/v1/webhook-endpoints/{id}/test",
    ]);
    expect(response.body.components.schemas.CreateEntry.additionalProperties).toBe(false);
  });

  it("sends no X-Powered-By on any answer of the API, success or problem", async () => {
    const partner = await partnerSession({ scopes: ["entries:read"] });
    const answers = [
      await call("/health"),
      await call("/openapi.json"),
      await call("/nope"),
      await call("/entries", { method: "PUT" }),
      await call("/me"),
      await call("/me", { token: partner.token }),
      await call("/entries/e_missing", { token: partner.token }),
      await call("/entries", { method: "POST", token: partner.token, body: entryBody() }),
    ];
    expect(answers.map(({ status }) => status)).toEqual([200, 200, 404, 405, 401, 200, 404, 403]);
    for (const answer of answers) expect(answer.headers.get("x-powered-by")).toBeNull();
  });

  it("answers an unknown route with a problem+json 404", async () => {
    const response = await call("/nope");
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 404, title: "Not found" });
    expect(response.body.requestId).toBe(response.headers.get("x-request-id"));
  });

  it("answers an unsupported method with 405 and an Allow header", async () => {
    const response = await call("/entries/e_anything", { method: "DELETE" });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, PATCH");
    expect(response.body.status).toBe(405);
    const onCollection = await call("/entries", { method: "PUT" });
    expect(onCollection.headers.get("allow")).toBe("GET, POST");
  });
});
