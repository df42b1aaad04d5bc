import { describe, expect, it } from "vitest";
import { inMemoryServices } from "./in-memory-services.js";
import { runCliInProcess } from "./run-in-process.js";

const NOW = new Date("2026-11-30T10:00:00.400Z");
const NOW_SECONDS = Math.floor(NOW.getTime() / 1000);

const cli = (services: ReturnType<typeof inMemoryServices>, argv: string[], env?: NodeJS.ProcessEnv) =>
  runCliInProcess(services.connect, argv, env);
const acme = (scopes: string[]) => ({ role: "partner", partnerId: "acme", scopes });

// Each record as [id, its event's fields with its state and reason], for the records of one action.
const records = (services: ReturnType<typeof inMemoryServices>, action: string) =>
  services.state.audit
    .records()
    .filter(({ event }) => event.action === action)
    .map(({ id, event, state, reason }) => [id, { ...event, state, reason }] as const);

describe("claims CLI in-process: the audit record is never lost", () => {
  it("records the change before making it: a failed record write changes nothing (exit 1)", async () => {
    const services = inMemoryServices([{ uid: "u1" }], () => NOW);
    await services.state.partners.createPartner({ id: "acme", status: "active" });
    services.failOnce("intend");

    const result = await cli(services, ["grant", "u1", "--partner", "acme"]);

    expect(result.status).toBe(1);
    expect(result.stderr).toContain("intend failed");
    expect(services.state.users.get("u1")?.customClaims).toBeUndefined();
    expect(services.state.authWrites).toEqual([]);
  });

  it("keeps a change whose completion was not recorded as pending, and the re-run settles it as applied", async () => {
    const services = inMemoryServices([{ uid: "u1" }], () => NOW);
    await services.state.partners.createPartner({ id: "acme", status: "active" });
    services.failOnce("applied");

    const first = await cli(services, ["grant", "u1", "--partner", "acme"]);

    expect(first.status).toBe(1);
    expect(first.stderr).toMatch(/auditLogs\/audit-1 keeps this change as pending until the next grant/);
    expect(services.state.users.get("u1")?.customClaims).toEqual(acme(["entries:read"]));
    expect(records(services, "claims.grant")).toEqual([
      [
        "audit-1",
        expect.objectContaining({ state: "pending", targetUid: "u1", claimsAfter: acme(["entries:read"]) }),
      ],
    ]);

    const again = await cli(services, ["grant", "u1", "--partner", "acme"]);

    expect(again.status).toBe(0);
    expect(again.stdout).toContain("Unchanged");
    expect(again.stderr).toContain(
      "Settled auditLogs/audit-1 (claims.grant of u1, left pending by an earlier run): applied",
    );
    expect(records(services, "claims.grant")).toEqual([
      ["audit-1", expect.objectContaining({ state: "applied" })],
    ]);
  });

  it("settles a pending change that never reached Auth as not applied, and then makes it", async () => {
    const services = inMemoryServices([{ uid: "u1" }], () => NOW);
    await services.state.partners.createPartner({ id: "acme", status: "active" });
    services.failOnce("setCustomUserClaims");

    expect((await cli(services, ["grant", "u1", "--partner", "acme"])).status).toBe(1);
    const again = await cli(services, ["grant", "u1", "--partner", "acme"]);

    expect(again.status).toBe(0);
    expect(again.stderr).toContain(
      "Settled auditLogs/audit-1 (claims.grant of u1, left pending by an earlier run): not applied",
    );
    expect(records(services, "claims.grant").map(([id, r]) => [id, r.state, r.reason])).toEqual([
      ["audit-1", "not-applied", "the user's claims are not the intended ones"],
      ["audit-2", "applied", null],
    ]);
  });

  it("repeats a revocation whose record was lost when it settles the pending change", async () => {
    const services = inMemoryServices([{ uid: "u1", customClaims: acme(["entries:read"]) }], () => NOW);
    services.failOnce("record");

    expect((await cli(services, ["revoke", "u1"])).status).toBe(1);
    expect(services.state.revocations.has("u1")).toBe(false);
    const again = await cli(services, ["revoke", "u1"]);

    expect(again.status).toBe(0);
    expect(services.state.revocations.get("u1")).toBe(NOW_SECONDS);
    expect(records(services, "claims.revoke").map(([, r]) => r.state)).toEqual(["applied", "applied"]);
  });

  it("records a partner it creates once, however many import rows name it", async () => {
    const services = inMemoryServices([{ uid: "u1" }, { uid: "u2" }, { uid: "u3" }], () => NOW);
    const { mkdtemp, writeFile } = await import("node:fs/promises");
    const dir = await mkdtemp(`${(await import("node:os")).tmpdir()}/claims-import-`);
    await writeFile(
      `${dir}/rows.csv`,
      "user,partner,scopes\nu1,acme,entries:read\nu2,acme,entries:read\nu3,acme,entries:read\n",
    );

    const result = await cli(services, ["import", `${dir}/rows.csv`]);

    expect(result.status).toBe(0);
    expect(result.stdout).toContain("Created partner(s): acme");
    expect(records(services, "partner.create").map(([, r]) => r.state)).toEqual(["applied"]);
    expect(records(services, "claims.grant").map(([, r]) => r.state)).toEqual([
      "applied",
      "applied",
      "applied",
    ]);
  });
});

describe("claims CLI in-process: revocation on the direct path", () => {
  it("revoke stores revocations/{uid} with the user's tokensValidAfterTime in seconds", async () => {
    const services = inMemoryServices([{ uid: "u1", customClaims: acme(["entries:read"]) }], () => NOW);

    const result = await cli(services, ["revoke", "u1"]);

    expect(result.status).toBe(0);
    expect(result.stdout).toContain("tokens issued before stop working (API and direct access)");
    const user = services.state.users.get("u1");
    expect(services.state.revocations.get("u1")).toBe(Date.parse(user?.tokensValidAfterTime ?? "") / 1000);
    expect(services.state.revocations.get("u1")).toBe(NOW_SECONDS);
  });

  it("a grant that narrows scopes or moves the user to another partner stores the revocation", async () => {
    const services = inMemoryServices(
      [
        { uid: "narrowed", customClaims: acme(["entries:read", "entries:write"]) },
        { uid: "moved", customClaims: acme(["entries:read"]) },
      ],
      () => NOW,
    );
    await services.state.partners.createPartner({ id: "acme", status: "active" });
    await services.state.partners.createPartner({ id: "globex", status: "active" });

    const narrowed = await cli(services, [
      "grant",
      "narrowed",
      "--partner",
      "acme",
      "--scopes",
      "entries:read",
    ]);
    const moved = await cli(services, ["grant", "moved", "--partner", "globex", "--scopes", "entries:read"]);

    expect(narrowed.status).toBe(0);
    expect(moved.status).toBe(0);
    expect(moved.stdout).toContain("access narrowed: revoke refresh tokens and record the revocation");
    expect(services.state.revocations).toEqual(
      new Map([
        ["narrowed", NOW_SECONDS],
        ["moved", NOW_SECONDS],
      ]),
    );
  });

  it("a grant that only widens access revokes nothing and stores no revocation", async () => {
    const services = inMemoryServices([{ uid: "u1", customClaims: acme(["entries:read"]) }], () => NOW);
    await services.state.partners.createPartner({ id: "acme", status: "active" });

    const result = await cli(services, [
      "grant",
      "u1",
      "--partner",
      "acme",
      "--scopes",
      "entries:read,entries:write",
    ]);

    expect(result.status).toBe(0);
    expect(services.state.authWrites).toEqual(["setCustomUserClaims:u1"]);
    expect(services.state.revocations.size).toBe(0);
  });
});
