import { describe, expect, it } from "vitest";
import { inMemoryServices, type FakeUser } from "./in-memory-services.js";
import { runCliInProcess } from "./run-in-process.js";

const NOW = new Date("2026-11-30T10:00:00.400Z");
const NOW_SECONDS = Math.floor(NOW.getTime() / 1000);

const cli = (services: ReturnType<typeof inMemoryServices>, argv: string[], env?: NodeJS.ProcessEnv) =>
  runCliInProcess(services.connect, argv, env);

const partnerClaims = (partnerId: string, scopes: string[]) => ({ role: "partner", partnerId, scopes });

function world(...users: FakeUser[]) {
  return inMemoryServices(users, () => NOW);
}

describe("claims CLI in-process: a role another system set", () => {
  it("grant refuses a user whose role is admin with exit 2, naming the flag, and changes nothing", async () => {
    const services = world({ uid: "u1", email: "ops@acme.example", customClaims: { role: "admin" } });

    const result = await cli(services, ["grant", "ops@acme.example", "--partner", "acme"]);

    expect(result.status).toBe(2);
    expect(result.stderr).toContain('u1 has role "admin", set outside this tool; grant would replace it');
    expect(result.stderr).toContain("--override-role");
    expect(result.stdout).toBe("");
    expect(services.state.users.get("u1")?.customClaims).toEqual({ role: "admin" });
    expect(services.state.authWrites).toEqual([]);
    expect(await services.state.partners.getPartner("acme")).toBeNull();
    expect(services.state.audit.records()).toEqual([]);
  });

  it("revoke refuses a user whose role is admin with exit 2 and changes nothing", async () => {
    const services = world({ uid: "u1", customClaims: { role: "admin", partnerId: "acme" } });

    const result = await cli(services, ["revoke", "u1"]);

    expect(result.status).toBe(2);
    expect(result.stderr).toContain("revoke would remove it");
    expect(services.state.users.get("u1")?.customClaims).toEqual({ role: "admin", partnerId: "acme" });
    expect(services.state.authWrites).toEqual([]);
    expect(services.state.revocations.size).toBe(0);
    expect(services.state.audit.records()).toEqual([]);
  });

  it("grant --override-role replaces the role, revokes older tokens and records both", async () => {
    const services = world({ uid: "u1", customClaims: { role: "admin", tier: "gold" } });

    const result = await cli(services, ["grant", "u1", "--partner", "acme", "--override-role"]);

    expect(result.status).toBe(0);
    expect(services.state.users.get("u1")?.customClaims).toEqual({
      ...partnerClaims("acme", ["entries:read"]),
      tier: "gold",
    });
    expect(services.state.authWrites).toEqual(["setCustomUserClaims:u1", "revokeRefreshTokens:u1"]);
    expect(services.state.revocations.get("u1")).toBe(NOW_SECONDS);
    const grant = services.state.audit.records().find(({ event }) => event.action === "claims.grant");
    expect(grant).toMatchObject({
      state: "applied",
      event: { claimsBefore: { role: "admin" }, tokensRevoked: true },
    });
  });

  it("revoke --override-role removes the foreign role with the partner claims", async () => {
    const services = world({ uid: "u1", customClaims: { role: "admin", tier: "gold" } });

    const result = await cli(services, ["revoke", "u1", "--override-role"]);

    expect(result.status).toBe(0);
    expect(services.state.users.get("u1")?.customClaims).toEqual({ tier: "gold" });
  });

  it("import names a row whose user has a foreign role as a bad row and changes nothing", async () => {
    const services = world({ uid: "u1", customClaims: { role: "admin" } }, { uid: "u2" });
    const { writeFile, mkdtemp } = await import("node:fs/promises");
    const dir = await mkdtemp(`${(await import("node:os")).tmpdir()}/claims-import-`);
    await writeFile(`${dir}/rows.csv`, "user,partner,scopes\nu2,acme,entries:read\nu1,acme,entries:read\n");

    const result = await cli(services, ["import", `${dir}/rows.csv`]);

    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`${dir}/rows.csv:3: u1 has role "admin"`);
    expect(services.state.authWrites).toEqual([]);
    expect(await services.state.partners.getPartner("acme")).toBeNull();
  });
});

describe("claims CLI in-process: targets", () => {
  it("refuses a real project with only FIRESTORE_EMULATOR_HOST set, before connecting (exit 2)", async () => {
    const services = world({ uid: "u1" });

    const result = await cli(
      services,
      ["grant", "u1", "--partner", "acme", "--project", "acme-prod", "--yes"],
      {
        FIRESTORE_EMULATOR_HOST: "127.0.0.1:8080",
      },
    );

    expect(result.status).toBe(2);
    expect(result.stderr).toContain("FIRESTORE_EMULATOR_HOST is set but FIREBASE_AUTH_EMULATOR_HOST is not");
    expect(services.state.connections).toBe(0);
    expect(services.state.authWrites).toEqual([]);
  });

  it("refuses a real project with only FIREBASE_AUTH_EMULATOR_HOST set for a command that writes Firestore", async () => {
    const services = world({ uid: "u1" });

    const result = await cli(services, ["revoke", "u1", "--project", "acme-prod", "--yes"], {
      FIREBASE_AUTH_EMULATOR_HOST: "127.0.0.1:9099",
    });

    expect(result.status).toBe(2);
    expect(result.stderr).toContain("FIREBASE_AUTH_EMULATOR_HOST is set but FIRESTORE_EMULATOR_HOST is not");
    expect(services.state.connections).toBe(0);
  });
});

describe("claims CLI in-process: claims size", () => {
  it("refuses claims over 1000 bytes of UTF-8 even when they are under 1000 characters (exit 2)", async () => {
    // 480 two-byte characters: about 550 characters of JSON with the partner claims, but over 1000 bytes.
    const notes = "é".repeat(480);
    const services = world({ uid: "u1", customClaims: { notes } });

    const result = await cli(services, ["grant", "u1", "--partner", "acme"]);

    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /claims would be 10\d\d bytes of JSON \(UTF-8\); Firebase allows at most 1000/,
    );
    expect(services.state.users.get("u1")?.customClaims).toEqual({ notes });
    expect(services.state.authWrites).toEqual([]);
    expect(await services.state.partners.getPartner("acme")).toBeNull();
  });

  it("accepts claims of exactly 1000 bytes", async () => {
    const claims = partnerClaims("acme", ["entries:read"]);
    const base = Buffer.byteLength(JSON.stringify({ ...claims, notes: "" }));
    const services = world({ uid: "u1", customClaims: { notes: "é".repeat((1000 - base) / 2) } });
    expect((1000 - base) % 2).toBe(0);

    const result = await cli(services, ["grant", "u1", "--partner", "acme"]);

    expect(result.status).toBe(0);
    expect(services.state.users.get("u1")?.customClaims).toMatchObject(claims);
  });
});

describe("claims CLI in-process: a uid that names no Firestore document", () => {
  it("grant refuses a uid with a '/' with exit 2 (revocations/{uid} could never be written), and changes nothing", async () => {
    const services = world({ uid: "team/alice", email: "alice@acme.example" });

    const result = await cli(services, ["grant", "alice@acme.example", "--partner", "acme"]);

    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      "cannot grant to team/alice: a partner's uid must name a Firestore document",
    );
    expect(services.state.users.get("team/alice")?.customClaims).toBeUndefined();
    expect(services.state.authWrites).toEqual([]);
    expect(await services.state.partners.getPartner("acme")).toBeNull();
    expect(services.state.audit.records()).toEqual([]);
  });

  it("revoke of such a user (claims set elsewhere) removes its claims and tokens, and writes no revocation record", async () => {
    const services = world({ uid: "team/alice", customClaims: partnerClaims("acme", ["entries:read"]) });

    const result = await cli(services, ["revoke", "team/alice"]);

    expect(result.status).toBe(0);
    expect(services.state.users.get("team/alice")?.customClaims).toEqual({});
    expect(services.state.revocations.size).toBe(0);
  });
});
