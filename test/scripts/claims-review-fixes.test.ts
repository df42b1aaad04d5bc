import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { runCliInProcess } from "../../scripts/claims/run-in-process.js";
import { connectFirebase, type Connect } from "../../scripts/claims/services.js";
import { adminAuth, adminDb, createUser, uniqueId } from "../support/stack.js";
import { CLI_TEST_TIMEOUT_MS, auditLogsFor, partnerDoc, runClaims } from "./claims-cli.js";

const claimsOf = async (uid: string) => (await adminAuth().getUser(uid)).customClaims ?? {};
const revocationOf = async (uid: string) => (await adminDb().doc(`revocations/${uid}`).get()).data();
const validAfterSeconds = async (uid: string) =>
  Date.parse((await adminAuth().getUser(uid)).tokensValidAfterTime ?? "") / 1000;

describe("claims CLI on the emulators: a role another system set", { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it("grant refuses a user whose role is admin (exit 2) and changes nothing; --override-role replaces it", async () => {
    const user = await createUser({ role: "admin", tier: "gold" });
    const partnerId = uniqueId("role");

    const refused = await runClaims(["grant", user.email, "--partner", partnerId]);

    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(`has role "admin", set outside this tool; grant would replace it`);
    expect(await claimsOf(user.uid)).toEqual({ role: "admin", tier: "gold" });
    expect(await partnerDoc(partnerId)).toBeUndefined();
    expect(await auditLogsFor(user.uid)).toEqual([]);

    const overridden = await runClaims(["grant", user.email, "--partner", partnerId, "--override-role"]);

    expect(overridden.status).toBe(0);
    expect(await claimsOf(user.uid)).toEqual({
      role: "partner",
      partnerId,
      scopes: ["entries:read"],
      tier: "gold",
    });
  });

  it("revoke refuses a user whose role is admin (exit 2) and keeps the role", async () => {
    const user = await createUser({ role: "admin" });
    const validSince = await validAfterSeconds(user.uid);

    const result = await runClaims(["revoke", user.uid]);

    expect(result.status).toBe(2);
    expect(result.stderr).toContain("revoke would remove it");
    expect(await claimsOf(user.uid)).toEqual({ role: "admin" });
    expect(await validAfterSeconds(user.uid)).toBe(validSince);
    expect(await revocationOf(user.uid)).toBeUndefined();
  });
});

describe("claims CLI on the emulators: targets and sizes", { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it("refuses a real project with only FIRESTORE_EMULATOR_HOST set (exit 2), touching neither service", async () => {
    const user = await createUser({ tier: "gold" });

    const result = await runClaims(
      ["grant", user.uid, "--partner", uniqueId("mixed"), "--project", "acme-production", "--yes"],
      {
        env: { FIREBASE_AUTH_EMULATOR_HOST: undefined },
      },
    );

    expect(result.status).toBe(2);
    expect(result.stderr).toContain("FIRESTORE_EMULATOR_HOST is set but FIREBASE_AUTH_EMULATOR_HOST is not");
    expect(result.stdout).toBe("");
    expect(await auditLogsFor(user.uid)).toEqual([]);
  });

  it("refuses claims over 1000 bytes of UTF-8 that are under 1000 characters (exit 2)", async () => {
    const notes = "ü".repeat(480);
    const user = await createUser({ notes });
    const partnerId = uniqueId("utf8");

    const result = await runClaims(["grant", user.email, "--partner", partnerId]);

    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/bytes of JSON \(UTF-8\); Firebase allows at most 1000/);
    expect(await claimsOf(user.uid)).toEqual({ notes });
    expect(await partnerDoc(partnerId)).toBeUndefined();
  });
});

describe(
  "claims CLI on the emulators: revocation records for the rules",
  { timeout: CLI_TEST_TIMEOUT_MS },
  () => {
    it("revoke writes revocations/{uid} with the user's tokensValidAfterTime in seconds", async () => {
      const partnerId = uniqueId("rv");
      const user = await createUser({ role: "partner", partnerId, scopes: ["entries:read"] });
      await sleep(1100);

      const result = await runClaims(["revoke", user.uid]);

      expect(result.status).toBe(0);
      const revokedAt = await validAfterSeconds(user.uid);
      expect(Number.isInteger(revokedAt)).toBe(true);
      expect(await revocationOf(user.uid)).toEqual({ revokedAt, updatedAt: expect.anything() });
    });

    it("a grant moving the user to another partner writes the revocation; one widening scopes does not", async () => {
      const moved = await createUser({
        role: "partner",
        partnerId: uniqueId("old"),
        scopes: ["entries:read"],
      });
      const widened = await createUser({
        role: "partner",
        partnerId: uniqueId("same"),
        scopes: ["entries:read"],
      });
      const widenedPartner = (await claimsOf(widened.uid)).partnerId as string;

      expect((await runClaims(["grant", moved.uid, "--partner", uniqueId("new")])).status).toBe(0);
      expect(
        (
          await runClaims([
            "grant",
            widened.uid,
            "--partner",
            widenedPartner,
            "--scopes",
            "entries:read,entries:write",
          ])
        ).status,
      ).toBe(0);

      expect(await revocationOf(moved.uid)).toMatchObject({ revokedAt: await validAfterSeconds(moved.uid) });
      expect(await revocationOf(widened.uid)).toBeUndefined();
    });
  },
);

describe("claims CLI on the emulators: a failed audit write", { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  /** The real services, except that marking the next change applied fails once, as a Firestore outage would. */
  const failingOnce: Connect = (target, env) => {
    const services = connectFirebase(target, env);
    let failed = false;
    const applied = services.claims.audit.applied.bind(services.claims.audit);
    services.claims.audit.applied = async (id) => {
      if (failed) return applied(id);
      failed = true;
      throw Object.assign(new Error("Firestore unavailable"), { code: 14 });
    };
    return services;
  };
  it("leaves the change recorded as pending, and a re-run settles the record as applied", async () => {
    const user = await createUser({ tier: "gold" });
    const partnerId = uniqueId("audit");
    // A prior grant, and the partner created by a colleague's grant, so the one change of the failing run
    // is the user's claims.
    expect((await runClaims(["grant", user.uid, "--partner", uniqueId("prior")])).status).toBe(0);
    const colleague = await createUser();
    expect((await runClaims(["grant", colleague.uid, "--partner", partnerId])).status).toBe(0);

    const failed = await runCliInProcess(
      failingOnce,
      ["grant", user.uid, "--partner", partnerId],
      process.env,
    );

    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain("keeps this change as pending");
    expect(await claimsOf(user.uid)).toMatchObject({ partnerId });
    const pending = (await auditLogsFor(user.uid)).filter((log) => log.state === "pending");
    expect(pending).toEqual([
      expect.objectContaining({
        action: "claims.grant",
        claimsAfter: expect.objectContaining({ partnerId }),
      }),
    ]);

    const again = await runClaims(["grant", user.uid, "--partner", partnerId]);

    expect(again.status).toBe(0);
    expect(again.stdout).toContain("Unchanged");
    expect(again.stderr).toMatch(/Settled auditLogs\/\S+ \(claims\.grant of .*\): applied/);
    const logs = await auditLogsFor(user.uid);
    expect(logs.map((log) => log.state)).toEqual(["applied", "applied"]);
    // The move to another partner narrowed access: the settled change repeats its revocation record.
    expect(await revocationOf(user.uid)).toMatchObject({ revokedAt: await validAfterSeconds(user.uid) });
  });
});
