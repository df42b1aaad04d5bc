import { describe, expect, it, vi } from "vitest";
import type { Partner } from "./partners-repository.js";
import { createPartnerAuthenticator, requireScope, type VerifiedToken } from "./partner-access.js";
import { apiErrorOf } from "../testing/api-error-of.js";

const claims = { role: "partner", partnerId: "acme", scopes: ["entries:read"] };
const token = (extra: Record<string, unknown> = {}): VerifiedToken => ({
  uid: "u1",
  exp: Math.floor(Date.now() / 1000) + 3600,
  ...claims,
  ...extra,
});

function setup({
  verified = token(),
  current = claims,
  partner = { id: "acme", status: "active" } as Partner | null,
  cacheTtlMs = 60_000,
} = {}) {
  const deps = {
    verifyIdToken: vi.fn(async (_idToken: string) => verified),
    getUser: vi.fn(async () => ({ customClaims: current })),
    getPartner: vi.fn(async () => partner),
    clock: () => new Date(),
    cacheTtlMs,
  };
  return { deps, authenticate: createPartnerAuthenticator(deps) };
}

describe("createPartnerAuthenticator", () => {
  it("returns the principal from the verified token", async () => {
    const { authenticate } = setup();
    await expect(authenticate("t")).resolves.toMatchObject({
      uid: "u1",
      partnerId: "acme",
      scopes: ["entries:read"],
    });
  });

  it.each(["team/alice", "..", "__x__"])(
    "refuses a partner whose uid %s names no document (revocations/{uid} could not be written), without a partner read",
    async (uid) => {
      const { deps, authenticate } = setup({ verified: token({ uid }) });
      const refused = await apiErrorOf(authenticate("t"));
      expect(refused.status).toBe(403);
      expect(refused.detail).toBe(
        "This account cannot be a partner: its uid cannot name a Firestore document, so it could not be revoked.",
      );
      expect(deps.getPartner).not.toHaveBeenCalled();
    },
  );

  it("gives a token narrowed by tokenScopes only those scopes, while its scopes still match the user's", async () => {
    const current = { ...claims, scopes: ["entries:read", "entries:write"] };
    const { authenticate } = setup({
      verified: token({ ...current, tokenScopes: ["entries:read"] }),
      current,
    });
    const principal = await authenticate("t");
    expect(principal.scopes).toEqual(["entries:read"]);
    expect(
      (await apiErrorOf(Promise.resolve().then(() => requireScope(principal, "entries:write")))).status,
    ).toBe(403);
  });

  it("reuses a verified token and the partner's status within the cache bound", async () => {
    const { deps, authenticate } = setup();
    await authenticate("t");
    await authenticate("t");
    expect(deps.verifyIdToken).toHaveBeenCalledTimes(1);
    expect(deps.getUser).toHaveBeenCalledTimes(1);
    expect(deps.getPartner).toHaveBeenCalledTimes(1);
  });

  it("caches nothing with a zero bound, so a suspension or revocation applies to the next request", async () => {
    const { deps, authenticate } = setup({ cacheTtlMs: 0 });
    await authenticate("t");
    deps.getPartner.mockResolvedValueOnce({ id: "acme", status: "suspended", dailyRequestQuota: null });
    expect((await apiErrorOf(authenticate("t"))).detail).toMatch(/suspended/);
    deps.verifyIdToken.mockRejectedValueOnce(
      Object.assign(new Error("revoked"), { code: "auth/id-token-revoked" }),
    );
    expect((await apiErrorOf(authenticate("t"))).status).toBe(401);
    expect(deps.verifyIdToken).toHaveBeenCalledTimes(3);
    expect(deps.getUser).toHaveBeenCalledTimes(2);
  });

  it("verifies a cached token again from the second it expires, however long the cache bound", async () => {
    const exp = Math.floor(Date.now() / 1000) + 10;
    const { deps, authenticate } = setup({ verified: token({ exp }), cacheTtlMs: 3_600_000 });
    await authenticate("t");
    deps.clock = () => new Date(exp * 1000 - 1);
    await authenticate("t");
    expect(deps.verifyIdToken).toHaveBeenCalledTimes(1);
    deps.clock = () => new Date(exp * 1000);
    deps.verifyIdToken.mockRejectedValueOnce(
      Object.assign(new Error("expired"), { code: "auth/id-token-expired" }),
    );
    const error = await apiErrorOf(authenticate("t"));
    expect(error).toMatchObject({ status: 401, detail: "The ID token has expired; get a fresh one." });
    expect(deps.verifyIdToken).toHaveBeenCalledTimes(2);
  });

  it.each([
    ["auth/user-disabled", "The user is disabled."],
    ["auth/user-not-found", "The ID token is not valid for this project."],
    ["auth/id-token-revoked", "The ID token was revoked; sign in again."],
  ])("answers 401 for %s, and remembers it: the user was looked up", async (code, detail) => {
    const { deps, authenticate } = setup({ cacheTtlMs: 0 });
    deps.verifyIdToken.mockRejectedValue(Object.assign(new Error(code), { code }));
    for (let i = 0; i < 2; i++) {
      expect(await apiErrorOf(authenticate("t"))).toMatchObject({ status: 401, detail });
    }
    expect(deps.verifyIdToken).toHaveBeenCalledTimes(1);
  });

  it("remembers a missing partner within the cache bound, still refusing it as not registered", async () => {
    const { deps, authenticate } = setup({ partner: null });
    for (let i = 0; i < 2; i++) {
      expect(await apiErrorOf(authenticate("t"))).toMatchObject({
        status: 403,
        detail: "This partner is not registered.",
      });
    }
    expect(deps.getPartner).toHaveBeenCalledTimes(1);
  });

  it("answers 401 when the token's partner claims no longer match the user's", async () => {
    const { authenticate } = setup({ current: { ...claims, scopes: [] } });
    expect((await apiErrorOf(authenticate("t"))).status).toBe(401);
  });

  it("maps firebase-admin's token errors to 401 with a Bearer challenge", async () => {
    const { deps, authenticate } = setup();
    deps.verifyIdToken.mockRejectedValueOnce(
      Object.assign(new Error("revoked"), { code: "auth/id-token-revoked" }),
    );
    const error = await apiErrorOf(authenticate("t"));
    expect(error.status).toBe(401);
    expect(error.headers["WWW-Authenticate"]).toMatch(/error="invalid_token"/);
  });

  it("refuses a replayed revoked token from memory: one Auth lookup however often it comes back", async () => {
    const { deps, authenticate } = setup({ cacheTtlMs: 0 });
    deps.verifyIdToken.mockRejectedValue(
      Object.assign(new Error("revoked"), { code: "auth/id-token-revoked" }),
    );
    for (let i = 0; i < 5; i++) expect((await apiErrorOf(authenticate("t"))).status).toBe(401);
    expect(deps.verifyIdToken).toHaveBeenCalledTimes(1);
    // Only that token: another one is still checked.
    await apiErrorOf(authenticate("t2"));
    expect(deps.verifyIdToken).toHaveBeenCalledTimes(2);
  });

  it("refuses a replayed token with out-of-date claims from memory, without looking the user up again", async () => {
    const { deps, authenticate } = setup({ current: { ...claims, scopes: [] } });
    for (let i = 0; i < 5; i++) expect((await apiErrorOf(authenticate("t"))).detail).toMatch(/out of date/);
    expect(deps.verifyIdToken).toHaveBeenCalledTimes(1);
    expect(deps.getUser).toHaveBeenCalledTimes(1);
    expect(deps.getPartner).not.toHaveBeenCalled();
  });

  it("does not remember tokens refused by local checks or Auth outages, which cost no lookup or may heal", async () => {
    const { deps, authenticate } = setup();
    const garbage = Object.assign(new Error("bad"), { code: "auth/argument-error" });
    deps.verifyIdToken.mockImplementation(async (idToken: string) => {
      if (idToken === "garbage") throw garbage;
      return token();
    });
    await apiErrorOf(authenticate("garbage"));
    await apiErrorOf(authenticate("garbage"));
    deps.verifyIdToken.mockRejectedValueOnce(Object.assign(new Error("down"), { code: "app/network-error" }));
    await expect(authenticate("t")).rejects.toThrow("down");
    await expect(authenticate("t")).resolves.toMatchObject({ partnerId: "acme" });
    expect(deps.verifyIdToken).toHaveBeenCalledTimes(4);
  });

  it("lets other Auth failures through to the error boundary (503, not 401)", async () => {
    const { deps, authenticate } = setup();
    const outage = Object.assign(new Error("down"), { code: "app/network-error" });
    deps.verifyIdToken.mockRejectedValueOnce(outage);
    await expect(authenticate("t")).rejects.toBe(outage);
  });

  it("answers 403 for a non-partner, a missing partner and a suspended one", async () => {
    expect(
      (
        await apiErrorOf(
          setup({ verified: token({ role: "admin" }), current: { ...claims, role: "admin" } }).authenticate(
            "t",
          ),
        )
      ).status,
    ).toBe(403);
    expect((await apiErrorOf(setup({ partner: null }).authenticate("t"))).status).toBe(403);
    const suspended = setup({ partner: { id: "acme", status: "suspended", dailyRequestQuota: null } });
    expect((await apiErrorOf(suspended.authenticate("t"))).detail).toMatch(/suspended/);
  });
});

describe("requireScope", () => {
  it("refuses a principal without the scope with 403", () => {
    const principal = {
      uid: "u",
      partnerId: "p",
      scopes: ["entries:read" as const],
      tokenExpiresAt: "",
      dailyRequestQuota: null,
    };
    expect(() => requireScope(principal, "entries:read")).not.toThrow();
    expect(() => requireScope(principal, "entries:write")).toThrow(/entries:write/);
  });
});
