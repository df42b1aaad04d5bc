import { afterEach, describe, expect, it, vi } from "vitest";
import { newClientId, newClientSecret } from "../domain/credentials/client-secret.js";
import { revokeCredential } from "../../../scripts/claims/credential-admin.js";
import * as logs from "../logs.js";
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

  it("answers 429 with Retry-After once a client id has failed too often, a correct secret included", async () => {
    const api = createInProcessApi({ tokenFailuresPerClientId: 2 });
    const { clientId, clientSecret } = await api.machineClient();
    for (let i = 0; i < 2; i++) {
      const failed = await token(api, "grant_type=client_credentials", {
        authorization: basic(clientId, newClientSecret()),
      });
      expect(failed.status).toBe(401);
    }
    const limited = await token(api, "grant_type=client_credentials", {
      authorization: basic(clientId, clientSecret),
    });
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ error: "temporarily_unavailable" });
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    const other = await token(api, "grant_type=client_credentials", {
      authorization: basic(newClientId(), newClientSecret()),
    });
    expect(other.status).toBe(401);
    expect(api.tokenAudit()).toEqual([]);
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
