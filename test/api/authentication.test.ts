import { describe, expect, it } from "vitest";
import { call, type ApiResponse } from "../support/http.js";
import {
  adminAuth,
  createUser,
  entryCount,
  partnerSession,
  partners,
  signIn,
  TEST_ACCESS_CACHE_SECONDS,
} from "../support/stack.js";
import { unsignedIdToken } from "../support/tokens.js";

function expectProblem(response: ApiResponse, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({ status, type: expect.any(String), title: expect.any(String) });
  expect(response.body.detail).toEqual(expect.any(String));
}

describe("authentication", () => {
  it("answers /v1/me for a partner with its uid, partner, scopes and token expiry", async () => {
    const partner = await partnerSession({ scopes: ["entries:read"] });
    const response = await call("/me", { token: partner.token });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      uid: partner.uid,
      partnerId: partner.partnerId,
      scopes: ["entries:read"],
      tokenExpiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(Date.parse(response.body.tokenExpiresAt)).toBeGreaterThan(Date.now());
  });

  it("answers 401 with a Bearer challenge when no token is sent", async () => {
    const response = await call("/me");
    expectProblem(response, 401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer realm="partner-api"/);
  });

  it("answers 401 for a malformed Authorization header or token", async () => {
    for (const header of ["Basic abc", "Bearer", "Bearer not-a-jwt", "Bearer a.b.c extra"]) {
      const response = await call("/me", { headers: { authorization: header } });
      expectProblem(response, 401);
      expect(response.headers.get("www-authenticate")).toMatch(/^Bearer /);
    }
  });

  it("answers 401 for an expired token", async () => {
    const partner = await partnerSession();
    const claims = { role: "partner", partnerId: partner.partnerId, scopes: ["entries:read"] };
    const expired = unsignedIdToken(partner.uid, claims, { issuedSecondsAgo: 7200, expiresInSeconds: 3600 });
    const response = await call("/me", { token: expired });
    expectProblem(response, 401);
    expect(response.body.detail).toMatch(/expired/);
  });

  it("answers 401 for a token minted for another project", async () => {
    const partner = await partnerSession();
    const claims = { role: "partner", partnerId: partner.partnerId, scopes: ["entries:read"] };
    const foreign = unsignedIdToken(partner.uid, claims, { project: "demo-someone-else" });
    expectProblem(await call("/me", { token: foreign }), 401);
  });

  it("answers 401 for a token whose claims were forged", async () => {
    const victim = await partnerSession();
    const attacker = await partnerSession({ scopes: ["entries:read"] });
    const forged = unsignedIdToken(attacker.uid, {
      role: "partner",
      partnerId: victim.partnerId,
      scopes: ["entries:read", "entries:write"],
    });
    const response = await call("/entries", { token: forged });
    expectProblem(response, 401);
  });

  it("answers 401 for a revoked user's token issued before the revocation", async () => {
    const partner = await partnerSession();
    // Revocation is recorded in whole seconds; a token from the same second would still be valid.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await adminAuth().revokeRefreshTokens(partner.uid);
    const response = await call("/me", { token: partner.token });
    expectProblem(response, 401);
    expect(response.body.detail).toMatch(/revoked/);
  });

  it("answers 403 for a signed-in user who is not a partner", async () => {
    const user = await createUser({ role: "admin" });
    expectProblem(await call("/me", { token: await signIn(user) }), 403);
  });

  it("answers 403 for a suspended partner", async () => {
    const partner = await partnerSession({ status: "suspended" });
    const response = await call("/entries", { token: partner.token });
    expectProblem(response, 403);
    expect(response.body.detail).toMatch(/suspended/);
  });

  it("answers 403 for a partner without its partners/{id} document", async () => {
    const partner = await partnerSession({ status: null });
    expect(await partners().getPartner(partner.partnerId)).toBeNull();
    expectProblem(await call("/me", { token: partner.token }), 403);
  });

  it("answers 403 for a route whose scope the partner lacks, and writes nothing", async () => {
    const reader = await partnerSession({ scopes: ["entries:read"] });
    const response = await call("/entries", {
      method: "POST",
      token: reader.token,
      body: { type: "income", amountMinor: 1, currency: "EUR", occurredAt: "2026-01-01T00:00:00Z" },
    });
    expectProblem(response, 403);
    expect(response.body.detail).toMatch(/entries:write/);
    expect(await entryCount(reader.partnerId)).toBe(0);
    const writer = await partnerSession({ scopes: ["entries:write"] });
    expectProblem(await call("/entries", { token: writer.token }), 403);
  });
});

describe("revocation and suspension with a cached token", () => {
  async function statusWithin(token: string, expected: number, boundMs: number): Promise<number> {
    const deadline = Date.now() + boundMs;
    let status = 0;
    while (Date.now() < deadline) {
      status = (await call("/me", { token })).status;
      if (status === expected) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return status;
  }
  const bound = (TEST_ACCESS_CACHE_SECONDS + 2) * 1000;

  it("refuses a revoked user's token within the cache bound, even after it was served", async () => {
    const partner = await partnerSession();
    expect((await call("/me", { token: partner.token })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await adminAuth().revokeRefreshTokens(partner.uid);
    expect(await statusWithin(partner.token, 401, bound)).toBe(401);
  });

  it("refuses a partner suspended while its token is cached, within the bound", async () => {
    const partner = await partnerSession();
    expect((await call("/me", { token: partner.token })).status).toBe(200);
    await partners().setPartnerStatus(partner.partnerId, "suspended");
    expect(await statusWithin(partner.token, 403, bound)).toBe(403);
  });
});
