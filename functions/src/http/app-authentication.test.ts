import { describe, expect, it } from "vitest";
import { createInProcessApi, type InProcessApi } from "../testing/in-process-api.js";

const entryInput = {
  type: "income",
  amountMinor: 1250,
  currency: "EUR",
  description: "Lunch service",
  category: "sales",
  occurredAt: "2026-11-20T12:00:00Z",
};

async function meWith(api: InProcessApi, authorization: string | undefined) {
  return api.request("GET", "/v1/me", { headers: authorization === undefined ? {} : { authorization } });
}

describe("authentication", () => {
  it("answers /v1/me with the verified token's partner, uid, scopes and expiry", async () => {
    const api = createInProcessApi();
    const { token, uid, partnerId } = await api.partner({ scopes: ["entries:read"] });
    const response = await api.request("GET", "/v1/me", { token });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      uid,
      partnerId,
      scopes: ["entries:read"],
      tokenExpiresAt: "2026-11-30T10:00:00.000Z",
    });
  });

  it("lets a partner without any scope call /v1/me", async () => {
    const api = createInProcessApi();
    const { token } = await api.partner({ scopes: [] });
    expect((await api.request("GET", "/v1/me", { token })).status).toBe(200);
  });

  it("answers 401 with a bare Bearer challenge when no token is sent, before any Auth call", async () => {
    const api = createInProcessApi();
    const response = await meWith(api, undefined);
    expect(response.status).toBe(401);
    expect(response.headers["www-authenticate"]).toBe('Bearer realm="partner-api"');
    expect(response.body).toMatchObject({ status: 401, title: "Unauthenticated" });
    expect(response.headers["ratelimit-limit"]).toBeUndefined();
    expect(api.auth.calls.verifyIdToken).toBe(0);
  });

  it.each(["Basic dXNlcjpwdw==", "Bearer", "Bearer a.b.c extra", "Token a.b.c"])(
    "answers 401 invalid_request for the Authorization header %j",
    async (authorization) => {
      const api = createInProcessApi();
      const response = await meWith(api, authorization);
      expect(response.status).toBe(401);
      expect(response.headers["www-authenticate"]).toBe(
        'Bearer realm="partner-api", error="invalid_request"',
      );
      expect(api.auth.calls.verifyIdToken).toBe(0);
    },
  );

  it.each(["Bearer not-a-jwt", "Bearer a.b", `Bearer a.b.${"c".repeat(8190)}`, "Bearer a.b$.c"])(
    "answers 401 invalid_token for a bearer value that is no JWT (%#), without asking Auth",
    async (authorization) => {
      const api = createInProcessApi();
      const response = await meWith(api, authorization);
      expect(response.status).toBe(401);
      expect(response.headers["www-authenticate"]).toBe('Bearer realm="partner-api", error="invalid_token"');
      expect(api.auth.calls.verifyIdToken).toBe(0);
    },
  );

  it("accepts a case-insensitive scheme, surrounding spaces and the emulator's unsigned token shape", async () => {
    const api = createInProcessApi();
    const { token } = await api.partner();
    expect((await meWith(api, `  bearer ${token}  `)).status).toBe(200);
    expect(token).toMatch(/\.sig$/);
  });

  it.each([
    [
      "a token Auth does not know",
      async (api: InProcessApi) => api.auth.issueToken((await api.partner()).uid).slice(0, -1),
      /not valid/,
    ],
    [
      "an expired token",
      async (api: InProcessApi) => {
        const { token } = await api.partner();
        api.clock.advance(3_600_000);
        return token;
      },
      /expired/,
    ],
    [
      "a revoked user's token",
      async (api: InProcessApi) => {
        const { token, uid } = await api.partner();
        api.auth.revoke(uid);
        return token;
      },
      /revoked/,
    ],
    [
      "a token whose partner claims the admin has since changed",
      async (api: InProcessApi) => {
        const { token, uid, partnerId } = await api.partner();
        api.auth.setClaims(uid, { role: "partner", partnerId, scopes: ["entries:read"] });
        return token;
      },
      /out of date/,
    ],
  ])("answers 401 invalid_token for %s", async (_name, tokenFor, detail) => {
    const api = createInProcessApi();
    const token = await tokenFor(api);
    const response = await api.request("GET", "/v1/me", { token });
    expect(response.status).toBe(401);
    expect(response.headers["www-authenticate"]).toBe('Bearer realm="partner-api", error="invalid_token"');
    expect(response.body).toMatchObject({ status: 401, detail: expect.stringMatching(detail) });
  });

  it("answers 403 for a signed-in user who is not a partner", async () => {
    const api = createInProcessApi();
    api.auth.setClaims("admin-1", { role: "admin" });
    const response = await api.request("GET", "/v1/me", { token: api.auth.issueToken("admin-1") });
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ detail: "This account is not a partner of this API." });
  });

  it("answers 403 for a partner whose partners/{id} document does not exist", async () => {
    const api = createInProcessApi();
    api.auth.setClaims("u-ghost", { role: "partner", partnerId: "ghost", scopes: ["entries:read"] });
    const response = await api.request("GET", "/v1/me", { token: api.auth.issueToken("u-ghost") });
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ detail: "This partner is not registered." });
  });

  it("answers 403 for a suspended partner, on every route", async () => {
    const api = createInProcessApi();
    const { token, partnerId } = await api.partner();
    await api.partners.setPartnerStatus(partnerId, "suspended");
    for (const [method, path] of [
      ["GET", "/v1/me"],
      ["GET", "/v1/entries"],
      ["POST", "/v1/entries"],
    ] as const) {
      const response = await api.request(method, path, { token, body: entryInput });
      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({ detail: "This partner is suspended." });
    }
    expect(await api.entries.listEntries(partnerId, 10, null)).toEqual([]);
  });

  it("answers 403 naming the scope a partner lacks, and writes nothing", async () => {
    const api = createInProcessApi();
    const { token, partnerId } = await api.partner({ scopes: ["entries:read"] });
    const response = await api.request("POST", "/v1/entries", { token, body: entryInput });
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ detail: "This route needs the entries:write scope." });
    expect(await api.entries.listEntries(partnerId, 10, null)).toEqual([]);
    const reader = await api.partner({ scopes: ["entries:write"] });
    expect((await api.request("GET", "/v1/entries", { token: reader.token })).status).toBe(403);
  });

  it("reuses a verified token and the partner's status within the cache bound, then checks again", async () => {
    const api = createInProcessApi({ cacheTtlMs: 60_000 });
    const { token } = await api.partner();
    await api.request("GET", "/v1/me", { token });
    await api.request("GET", "/v1/me", { token });
    expect(api.auth.calls).toEqual({ verifyIdToken: 1, getUser: 1 });
  });

  it("checks the token and the partner on every request when the cache bound is zero", async () => {
    const api = createInProcessApi({ cacheTtlMs: 0 });
    const { token, partnerId } = await api.partner();
    expect((await api.request("GET", "/v1/me", { token })).status).toBe(200);
    await api.partners.setPartnerStatus(partnerId, "suspended");
    expect((await api.request("GET", "/v1/me", { token })).status).toBe(403);
    expect(api.auth.calls.verifyIdToken).toBe(2);
  });

  it("answers 503 with Retry-After when Auth is unreachable, not 401", async () => {
    const api = createInProcessApi();
    const { token } = await api.partner();
    api.auth.fail("app/network-error");
    const response = await api.request("GET", "/v1/me", { token });
    expect(response.status).toBe(503);
    expect(response.headers["retry-after"]).toBe("5");
    expect(response.headers["www-authenticate"]).toBeUndefined();
  });
});

describe("rate limit", () => {
  it("counts each partner's requests, tells the budget, and answers 429 with Retry-After when spent", async () => {
    const api = createInProcessApi({ rateLimitPerMinute: 2 });
    const { token } = await api.partner();
    const first = await api.request("GET", "/v1/me", { token });
    expect(first.headers["ratelimit-limit"]).toBe("2");
    expect(first.headers["ratelimit-remaining"]).toBe("1");
    expect(Number(first.headers["ratelimit-reset"])).toBeGreaterThan(0);
    expect((await api.request("GET", "/v1/me", { token })).headers["ratelimit-remaining"]).toBe("0");
    const limited = await api.request("GET", "/v1/me", { token });
    expect(limited.status).toBe(429);
    expect(limited.headers["retry-after"]).toBe(limited.headers["ratelimit-reset"]);
    expect(limited.headers["ratelimit-remaining"]).toBe("0");
    expect(limited.body).toMatchObject({ status: 429, detail: expect.stringMatching(/2 requests a minute/) });
    const other = await api.partner();
    expect((await api.request("GET", "/v1/me", { token: other.token })).status).toBe(200);
  });

  it("puts the budget on error answers past authentication, and stops before the handler runs", async () => {
    const api = createInProcessApi({ rateLimitPerMinute: 1 });
    const { token, partnerId } = await api.partner();
    const missing = await api.request("GET", "/v1/entries/e_none", { token });
    expect(missing.status).toBe(404);
    expect(missing.headers["ratelimit-remaining"]).toBe("0");
    const limited = await api.request("POST", "/v1/entries", { token, body: entryInput });
    expect(limited.status).toBe(429);
    expect(await api.entries.listEntries(partnerId, 10, null)).toEqual([]);
  });
});
