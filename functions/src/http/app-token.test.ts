import { afterEach, describe, expect, it, vi } from "vitest";
import { newClientSecret } from "../domain/client-secret.js";
import { revokeCredential } from "../domain/credential-admin.js";
import * as logs from "../logs.js";
import { ENTRY_INPUT } from "../testing/entry-fixtures.js";
import { createInProcessApi, type InProcessApi } from "../testing/in-process-api.js";

const FORM = { "content-type": "application/x-www-form-urlencoded" };

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;

function token(api: InProcessApi, body: string, headers: Record<string, string> = {}) {
  return api.request("POST", "/v1/oauth/token", { headers: { ...FORM, ...headers }, body });
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("POST /v1/oauth/token in process", () => {
  it("issues a narrower token for a narrower scope: its answer, /v1/me and every route hold it to that scope", async () => {
    const api = createInProcessApi();
    const { clientId, clientSecret } = await api.machineClient({ scopes: ["entries:read", "entries:write"] });
    const issued = await token(api, "grant_type=client_credentials&scope=entries%3Aread", {
      authorization: basic(clientId, clientSecret),
    });
    expect(issued.status).toBe(200);
    expect(issued.body).toMatchObject({ scope: "entries:read" });
    const bearer = (issued.body as { access_token: string }).access_token;
    const me = await api.request("GET", "/v1/me", { token: bearer });
    expect(me.body).toMatchObject({ scopes: ["entries:read"] });
    expect((await api.request("GET", "/v1/entries", { token: bearer })).status).toBe(200);
    const create = await api.request("POST", "/v1/entries", { token: bearer, body: ENTRY_INPUT });
    expect(create.status).toBe(403);
    expect(await api.entries.listEntries("acme", 10, null)).toEqual([]);
    expect(api.tokenAudit().map(({ scopes }) => scopes)).toEqual([["entries:read"]]);
  });

  it("logs each token issued and each refusal by request id and client id, never the secret", async () => {
    vi.spyOn(logs, "tokenIssued");
    vi.spyOn(logs, "tokenRefused");
    const api = createInProcessApi();
    const { clientId, clientSecret } = await api.machineClient();
    const wrongSecret = newClientSecret();
    await token(api, "grant_type=client_credentials", {
      authorization: basic(clientId, clientSecret),
      "x-request-id": "trace-1",
    });
    await token(api, "grant_type=client_credentials", {
      authorization: basic(clientId, wrongSecret),
      "x-request-id": "trace-2",
    });
    expect(logs.tokenIssued).toHaveBeenCalledExactlyOnceWith({
      requestId: "trace-1",
      clientId,
      partnerId: "acme",
      expiresIn: 3600,
    });
    expect(logs.tokenRefused).toHaveBeenCalledExactlyOnceWith({
      requestId: "trace-2",
      clientId,
      error: "invalid_client",
    });
    const logged = JSON.stringify([
      vi.mocked(logs.tokenIssued).mock.calls,
      vi.mocked(logs.tokenRefused).mock.calls,
    ]);
    expect(logged).not.toContain(clientSecret);
    expect(logged).not.toContain(wrongSecret);
  });

  it("answers an RFC 6749 token that the partner routes accept, uncached, and audits it by request id", async () => {
    const api = createInProcessApi();
    const { clientId, clientSecret } = await api.machineClient();
    const response = await token(api, "grant_type=client_credentials", {
      authorization: basic(clientId, clientSecret),
      "x-request-id": "trace-7",
    });
    expect(response.status).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^application\/json/);
    expect(response.headers["cache-control"]).toBe("no-store");
    expect(response.headers.pragma).toBe("no-cache");
    expect(response.headers["x-request-id"]).toBe("trace-7");
    expect(response.body).toEqual({
      access_token: expect.any(String),
      token_type: "Bearer",
      expires_in: 3600,
      scope: "entries:read entries:write webhooks:manage",
    });
    const accessToken = (response.body as { access_token: string }).access_token;
    const me = await api.request("GET", "/v1/me", { token: accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ uid: clientId, partnerId: "acme" });
    expect(api.tokenAudit()).toEqual([expect.objectContaining({ clientId, requestId: "trace-7" })]);
  });

  it("answers RFC 6749 errors as JSON with the Basic challenge on invalid_client, never problem+json", async () => {
    const api = createInProcessApi();
    const { clientId } = await api.machineClient();
    const response = await token(api, "grant_type=client_credentials", {
      authorization: basic(clientId, newClientSecret()),
    });
    expect(response.status).toBe(401);
    expect(response.headers["content-type"]).toMatch(/^application\/json/);
    expect(response.headers["www-authenticate"]).toBe('Basic realm="partner-api"');
    expect(response.body).toEqual({
      error: "invalid_client",
      error_description: "Client authentication failed.",
    });
    const grant = await token(api, "grant_type=password&username=a&password=b");
    expect(grant.status).toBe(400);
    expect(grant.body).toMatchObject({ error: "unsupported_grant_type" });
    expect(grant.headers["www-authenticate"]).toBeUndefined();
    expect(api.tokenAudit()).toEqual([]);
  });

  it("refuses a suspended partner's client and a revoked client, issuing nothing", async () => {
    const api = createInProcessApi();
    const suspended = await api.machineClient({ scopes: ["entries:read"], status: "suspended" });
    const refused = await token(
      api,
      `grant_type=client_credentials&client_id=${suspended.clientId}&client_secret=${suspended.clientSecret}`,
    );
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: "unauthorized_client" });
    await api.partners.setPartnerStatus("acme", "active");
    await revokeCredential(api.credentialAdmin, suspended.clientId);
    const revoked = await token(api, "grant_type=client_credentials", {
      authorization: basic(suspended.clientId, suspended.clientSecret),
    });
    expect(revoked.status).toBe(401);
    expect(api.tokenAudit()).toEqual([]);
  });

  it("issues a token for the correct secret however often others failed with its client id, deployed", async () => {
    const api = createInProcessApi({ tokenFailuresPerSource: 2, forwardedByGoogle: true });
    const { clientId, clientSecret } = await api.machineClient();
    for (let source = 0; source < 10; source++) {
      const failed = await token(api, "grant_type=client_credentials", {
        authorization: basic(clientId, newClientSecret()),
        "x-forwarded-for": `198.51.100.${source}`,
      });
      expect(failed.status).toBe(401);
    }
    const issued = await token(api, "grant_type=client_credentials", {
      authorization: basic(clientId, clientSecret),
      "x-forwarded-for": "203.0.113.50",
    });
    expect(issued.status).toBe(200);
  });

  it("answers a failing source 429 with Retry-After, a correct secret included, and no other source", async () => {
    const api = createInProcessApi({ tokenFailuresPerSource: 2, forwardedByGoogle: true });
    const { clientId, clientSecret } = await api.machineClient();
    // The caller's own hops come first; the last is the one Google's front end appends.
    const from = (address: string) => ({ "x-forwarded-for": `10.9.9.9, ${address}` });
    for (let i = 0; i < 2; i++) {
      const failed = await token(api, "grant_type=client_credentials", {
        authorization: basic(clientId, newClientSecret()),
        ...from("198.51.100.7"),
      });
      expect(failed.status).toBe(401);
    }
    const limited = await token(api, "grant_type=client_credentials", {
      authorization: basic(clientId, clientSecret),
      ...from("198.51.100.7"),
    });
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ error: "temporarily_unavailable" });
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    const elsewhere = await token(api, "grant_type=client_credentials", {
      authorization: basic(clientId, clientSecret),
      ...from("203.0.113.50"),
    });
    expect(elsewhere.status).toBe(200);
    expect(api.tokenAudit()).toHaveLength(1);
  });

  it("where nothing appends a hop, lets no caller choose its source with X-Forwarded-For", async () => {
    const api = createInProcessApi({ tokenFailuresPerSource: 2 });
    const { clientId, clientSecret } = await api.machineClient();
    for (let i = 0; i < 2; i++) {
      const failed = await token(api, "grant_type=client_credentials", {
        authorization: basic(clientId, newClientSecret()),
        "x-forwarded-for": `198.51.100.${i}`,
      });
      expect(failed.status).toBe(401);
    }
    const limited = await token(api, "grant_type=client_credentials", {
      authorization: basic(clientId, clientSecret),
      "x-forwarded-for": "203.0.113.50",
    });
    expect(limited.status).toBe(429);
  });

  it("counts a Basic header with an empty client id against its source, as any malformed client id", async () => {
    const api = createInProcessApi({ tokenFailuresPerSource: 2 });
    const { clientId, clientSecret } = await api.machineClient();
    const source = { "x-forwarded-for": "203.0.113.9" };
    for (let i = 0; i < 2; i++) {
      const failed = await token(api, "grant_type=client_credentials", {
        authorization: basic("", clientSecret),
        ...source,
      });
      expect(failed.status).toBe(401);
    }
    const limited = await token(api, "grant_type=client_credentials", {
      authorization: basic(clientId, clientSecret),
      ...source,
    });
    expect(limited.status).toBe(429);
  });

  it("passes an outage of Auth or Firestore to the error boundary: problem+json 503 with Retry-After", async () => {
    const down = Object.assign(new Error("unavailable"), { code: 14 });
    let firestoreDown = false;
    const api = createInProcessApi({
      wrapPartners: (partners) => ({
        ...partners,
        getPartner: (partnerId) => (firestoreDown ? Promise.reject(down) : partners.getPartner(partnerId)),
      }),
    });
    const { clientId, clientSecret } = await api.machineClient();
    const authorization = basic(clientId, clientSecret);
    api.auth.fail("auth/internal-error");
    const authDown = await token(api, "grant_type=client_credentials", { authorization });
    api.auth.fail(null);
    firestoreDown = true;
    const storeDown = await token(api, "grant_type=client_credentials", { authorization });
    for (const response of [authDown, storeDown]) {
      expect(response.status).toBe(503);
      expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
      expect(response.headers["retry-after"]).toBeDefined();
    }
    expect(api.tokenAudit()).toEqual([]);
  });
});
