import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import {
  adminAuth,
  API_BASE,
  createUser,
  signIn,
  TEST_ACCESS_CACHE_SECONDS,
  uniqueId,
} from "../support/stack.js";
import { auditLogsFor, authHost, partnerDoc, runClaims } from "./claims-cli.js";

const claimsOf = async (uid: string) => (await adminAuth().getUser(uid)).customClaims ?? {};

const getMe = (token: string) => fetch(`${API_BASE}/me`, { headers: { authorization: `Bearer ${token}` } });

/** The API caches verified tokens for TEST_ACCESS_CACHE_SECONDS; revocation must show within that bound. */
async function meStatusWithinCacheBound(token: string, wanted: number): Promise<number> {
  const deadline = Date.now() + (TEST_ACCESS_CACHE_SECONDS + 2) * 1000;
  for (;;) {
    const { status } = await getMe(token);
    if (status === wanted || Date.now() > deadline) return status;
    await sleep(250);
  }
}

describe("claims grant", () => {
  it("merges partner claims into the user's claims, keeps unrelated ones, creates the partner and logs it", async () => {
    const user = await createUser({ tier: "gold", flags: ["beta"] });
    const partnerId = uniqueId("acme");

    const result = await runClaims([
      "grant",
      user.email,
      "--partner",
      partnerId,
      "--scopes",
      "entries:write;entries:read",
    ]);

    expect(result.status).toBe(0);
    expect(result.stderr).toContain(`Target: project demo-partner-api via Auth emulator ${authHost()}`);
    expect(result.stdout).toContain(`Created partners/${partnerId} (status active)`);
    expect(result.stdout).toContain(`Granted partner ${partnerId}`);
    expect(await claimsOf(user.uid)).toEqual({
      tier: "gold",
      flags: ["beta"],
      role: "partner",
      partnerId,
      scopes: ["entries:read", "entries:write"],
    });
    expect(await partnerDoc(partnerId)).toMatchObject({ status: "active" });
    const [log, ...more] = await auditLogsFor(user.uid);
    expect(more).toEqual([]);
    expect(log).toMatchObject({
      action: "claims.grant",
      targetUid: user.uid,
      partnerId,
      claimsBefore: { tier: "gold", flags: ["beta"] },
      claimsAfter: { tier: "gold", partnerId, role: "partner" },
      actor: { kind: "emulator", tool: "claims-cli" },
    });
    expect(log?.time).toBeDefined();
  });

  it("changes nothing and logs nothing when the user already holds the same claims", async () => {
    const partnerId = uniqueId("acme");
    const user = await createUser();
    expect((await runClaims(["grant", user.uid, "--partner", partnerId])).status).toBe(0);

    const again = await runClaims(["grant", user.uid, "--partner", partnerId, "--scopes", "entries:read"]);

    expect(again.status).toBe(0);
    expect(again.stdout).toContain("Unchanged");
    expect(await auditLogsFor(user.uid)).toHaveLength(1);
  });

  it("refuses claims over Firebase's 1000-character limit with exit 2 and writes nothing", async () => {
    const notes = "x".repeat(920);
    const user = await createUser({ notes });
    const partnerId = uniqueId("big");

    const result = await runClaims(["grant", user.email, "--partner", partnerId]);

    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/at most 1000/);
    expect(await claimsOf(user.uid)).toEqual({ notes });
    expect(await partnerDoc(partnerId)).toBeUndefined();
    expect(await auditLogsFor(user.uid)).toEqual([]);
  });

  it("refuses an invalid partner id and an unknown scope with exit 2, naming both, and writes nothing", async () => {
    const user = await createUser({ tier: "gold" });

    const result = await runClaims(["grant", user.uid, "--partner", "Bad_Id", "--scopes", "entries:admin"]);

    expect(result.status).toBe(2);
    expect(result.stderr).toContain("partnerId");
    expect(result.stderr).toContain("entries:admin");
    expect(await claimsOf(user.uid)).toEqual({ tier: "gold" });
    expect(await auditLogsFor(user.uid)).toEqual([]);
  });

  it("refuses an unknown user with exit 2", async () => {
    const partnerId = uniqueId("ghost");

    const result = await runClaims(["grant", `${uniqueId("nobody")}@example.test`, "--partner", partnerId]);

    expect(result.status).toBe(2);
    expect(result.stderr).toContain("no user");
    expect(await partnerDoc(partnerId)).toBeUndefined();
  });

  it("with --dry-run prints the change and changes nothing", async () => {
    const user = await createUser({ tier: "gold" });
    const partnerId = uniqueId("dry");

    const result = await runClaims(["grant", user.email, "--partner", partnerId, "--dry-run"]);

    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`Would create partners/${partnerId}`);
    expect(result.stdout).toContain("Would grant");
    expect(result.stdout).toContain("Dry run: nothing changed.");
    expect(await claimsOf(user.uid)).toEqual({ tier: "gold" });
    expect(await partnerDoc(partnerId)).toBeUndefined();
    expect(await auditLogsFor(user.uid)).toEqual([]);
  });
});

describe("claims revoke", () => {
  it("removes only the partner claims, and the API answers 401 for a token issued before", async () => {
    const partnerId = uniqueId("rev");
    const user = await createUser({ tier: "gold" });
    expect((await runClaims(["grant", user.uid, "--partner", partnerId])).status).toBe(0);
    const token = await signIn(user);
    expect((await getMe(token)).status).toBe(200);
    // Revocation works at one-second resolution: a token from the same second would still pass.
    await sleep(1100);

    const result = await runClaims(["revoke", user.email]);

    expect(result.status).toBe(0);
    expect(result.stdout).toContain("Revoked partner claims");
    expect(await claimsOf(user.uid)).toEqual({ tier: "gold" });
    expect(await meStatusWithinCacheBound(token, 401)).toBe(401);
    const logs = await auditLogsFor(user.uid);
    expect(logs.map((log) => log.action)).toEqual(["claims.grant", "claims.revoke"]);
    expect(logs[1]).toMatchObject({ claimsAfter: { tier: "gold" }, tokensRevoked: true, partnerId });
  });

  it("with --dry-run changes nothing", async () => {
    const partnerId = uniqueId("rev");
    const claims = { role: "partner", partnerId, scopes: ["entries:read"], tier: "gold" };
    const user = await createUser(claims);
    const validSince = (await adminAuth().getUser(user.uid)).tokensValidAfterTime;
    await sleep(1100);

    const result = await runClaims(["revoke", user.uid, "--dry-run"]);

    expect(result.status).toBe(0);
    expect(result.stdout).toContain("Would revoke");
    const after = await adminAuth().getUser(user.uid);
    expect(after.customClaims).toEqual(claims);
    expect(after.tokensValidAfterTime).toBe(validSince);
    expect(await auditLogsFor(user.uid)).toEqual([]);
  });
});

describe("claims show, list and token", () => {
  it("show prints the user's claims as JSON", async () => {
    const claims = { role: "partner", partnerId: uniqueId("show"), scopes: ["entries:read"], tier: "gold" };
    const user = await createUser(claims);

    const result = await runClaims(["show", user.email]);

    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(claims);
  });

  it("list prints partner users as a table, --partner filters and --json prints an array", async () => {
    const partnerId = uniqueId("list");
    const a = await createUser({ role: "partner", partnerId, scopes: ["entries:read"] });
    const b = await createUser({ role: "partner", partnerId, scopes: ["entries:read", "entries:write"] });
    const outsider = await createUser({ tier: "gold" });

    const json = await runClaims(["list", "--partner", partnerId, "--json"]);
    const table = await runClaims(["list", "--partner", partnerId]);

    expect(json.status).toBe(0);
    const rows = JSON.parse(json.stdout) as { uid: string; partnerId: string; scopes: string[] }[];
    expect(rows.map((row) => row.uid).sort()).toEqual([a.uid, b.uid].sort());
    expect(rows.find((row) => row.uid === b.uid)).toMatchObject({ partnerId, email: b.email });
    expect(table.status).toBe(0);
    expect(table.stdout.split("\n")[0]).toMatch(/^UID\s+EMAIL\s+PARTNER\s+SCOPES/);
    expect(table.stdout).toContain(a.email);
    expect(table.stdout).not.toContain(outsider.uid);
  });

  it("token prints an ID token that the API accepts at /v1/me", async () => {
    const partnerId = uniqueId("tok");
    const user = await createUser();
    expect(
      (
        await runClaims([
          "grant",
          user.email,
          "--partner",
          partnerId,
          "--scopes",
          "entries:read,entries:write",
        ])
      ).status,
    ).toBe(0);

    const result = await runClaims(["token", user.email]);

    expect(result.status).toBe(0);
    const token = result.stdout.trim();
    expect(token.split(".")).toHaveLength(3);
    const me = await getMe(token);
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({
      uid: user.uid,
      partnerId,
      scopes: ["entries:read", "entries:write"],
    });
  });

  it("token refuses to run without the Auth emulator (exit 2)", async () => {
    const result = await runClaims(["token", "anyone@example.test", "--project", "real-project-1", "--yes"], {
      env: { FIREBASE_AUTH_EMULATOR_HOST: undefined },
    });

    expect(result.status).toBe(2);
    expect(result.stderr).toContain("only against the Auth emulator");
    expect(result.stdout).toBe("");
  });
});
