import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as logs from "./logs.js";
import { createProductionApp } from "./production-app.js";
import { functionsRuntime } from "./testing/functions-runtime.js";

// What functions/.env gives a deployment; each test spoils one value.
beforeEach(() => {
  // Records the log functions' calls and keeps their behaviour (spying works without module isolation).
  vi.spyOn(logs, "invalidConfig");
  vi.spyOn(logs, "unsafeEnvironment");
  vi.stubEnv("ACCESS_CACHE_SECONDS", "30");
  vi.stubEnv("REQUEST_DEADLINE_SECONDS", "10");
  vi.stubEnv("RATE_LIMIT_PER_MINUTE", "600");
  vi.stubEnv("WEB_API_KEY", "a-web-api-key");
  vi.stubEnv("TOKEN_FAILURES_PER_SOURCE", "50");
  vi.stubEnv("TOKEN_FAILURE_WINDOW_SECONDS", "60");
  vi.stubEnv("WEBHOOK_RETRY_DELAY_DIVISOR", "1");
  vi.stubEnv("EVENT_RETENTION_SECONDS", "2592000");
  vi.stubEnv("USAGE_FLUSH_SECONDS", "10");
});

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

async function healthOf() {
  return functionsRuntime(createProductionApp())("GET", "/v1/health", { headers: { "x-request-id": "r-1" } });
}

describe("createProductionApp", () => {
  it.each([
    ["REQUEST_DEADLINE_SECONDS", "0", /REQUEST_DEADLINE_SECONDS/],
    ["ACCESS_CACHE_SECONDS", "61", /ACCESS_CACHE_SECONDS/],
    ["RATE_LIMIT_PER_MINUTE", "none", /RATE_LIMIT_PER_MINUTE/],
    ["WEB_API_KEY", "", /WEB_API_KEY/],
    ["TOKEN_FAILURES_PER_SOURCE", "0", /TOKEN_FAILURES_PER_SOURCE/],
    ["TOKEN_FAILURE_WINDOW_SECONDS", "3601", /TOKEN_FAILURE_WINDOW_SECONDS/],
    ["WEBHOOK_RETRY_DELAY_DIVISOR", "0", /WEBHOOK_RETRY_DELAY_DIVISOR/],
    ["EVENT_RETENTION_SECONDS", "2592001", /EVENT_RETENTION_SECONDS/],
    ["USAGE_FLUSH_SECONDS", "61", /USAGE_FLUSH_SECONDS/],
  ])("refuses every request with a clean 503 and logs why when %s is %j", async (name, value, reason) => {
    vi.stubEnv(name, value);
    const response = await healthOf();
    expect(response.status).toBe(503);
    expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(response.headers["x-request-id"]).toBe("r-1");
    expect(response.body).toMatchObject({
      status: 503,
      detail: "This deployment is misconfigured and refuses to serve.",
      requestId: "r-1",
    });
    expect(logs.invalidConfig).toHaveBeenCalledWith(
      expect.objectContaining({ message: expect.stringMatching(reason) }),
    );
  });

  it("refuses every request with a clean 503 when the Auth emulator switch is set outside the emulator", async () => {
    vi.stubEnv("FIREBASE_AUTH_EMULATOR_HOST", "127.0.0.1:9099");
    vi.stubEnv("FUNCTIONS_EMULATOR", "");
    const response = await healthOf();
    expect(response.status).toBe(503);
    expect(logs.unsafeEnvironment).toHaveBeenCalledOnce();
    expect(logs.invalidConfig).not.toHaveBeenCalled();
  });

  it("serves when the params are valid", async () => {
    const response = await healthOf();
    expect(response.status).toBe(200);
    expect(logs.invalidConfig).not.toHaveBeenCalled();
    expect(logs.unsafeEnvironment).not.toHaveBeenCalled();
  });
});
