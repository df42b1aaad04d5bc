import { describe, expect, it } from "vitest";
import { hashSecret, isClientId, isWellFormedSecret } from "partner-api-functions/client-secret";
import { inMemoryServices } from "./in-memory-services.js";
import { runCliInProcess } from "./run-in-process.js";

const NOW = new Date("2026-11-30T10:00:00.000Z");

function world() {
  const services = inMemoryServices([], () => NOW);
  const cli = (argv: string[]) => runCliInProcess(services.connect, argv);
  return { services, cli };
}

async function created(cli: ReturnType<typeof world>["cli"], ...extra: string[]) {
  const result = await cli(["credentials", "create", "--partner", "acme", "--json", ...extra]);
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as { clientId: string; clientSecret: string };
}

describe("credentials CLI in-process", () => {
  it("create --json prints the client id and secret once, stores only the hash and creates the partner", async () => {
    const { services, cli } = world();
    const result = await cli([
      "credentials",
      "create",
      "--partner",
      "acme",
      "--scopes",
      "entries:write,entries:read",
      "--name",
      "till",
      "--json",
    ]);
    expect(result.status).toBe(0);
    const printed = JSON.parse(result.stdout);
    expect(printed).toEqual({
      clientId: expect.any(String),
      clientSecret: expect.any(String),
      partnerId: "acme",
      scopes: ["entries:read", "entries:write"],
      name: "till",
    });
    expect(isClientId(printed.clientId)).toBe(true);
    expect(isWellFormedSecret(printed.clientSecret)).toBe(true);
    const stored = await services.connect({} as never, {}).credentials.store.get(printed.clientId);
    expect(stored?.secrets.map((secret) => secret.hash)).toEqual([hashSecret(printed.clientSecret)]);
    expect(JSON.stringify(stored)).not.toContain(printed.clientSecret);
    expect(services.state.users.get(printed.clientId)?.customClaims).toEqual({
      role: "partner",
      partnerId: "acme",
      scopes: ["entries:read", "entries:write"],
    });
    expect(await services.state.partners.getPartner("acme")).toEqual({
      id: "acme",
      status: "active",
      dailyRequestQuota: null,
    });
    expect(services.state.credentialAudit.records()).toEqual([
      expect.objectContaining({ event: expect.objectContaining({ action: "credentials.create" }) }),
    ]);
    expect(result.stderr).not.toContain(printed.clientSecret);
  });

  it("list --json shows credentials without secrets or hashes", async () => {
    const { cli } = world();
    const { clientId, clientSecret } = await created(cli);
    const result = await cli(["credentials", "list", "--partner", "acme", "--json"]);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([
      expect.objectContaining({
        clientId,
        partnerId: "acme",
        status: "active",
        secrets: [{ createdAt: NOW.toISOString(), validUntil: null }],
      }),
    ]);
    expect(result.stdout).not.toContain(clientSecret);
    expect(result.stdout).not.toContain(hashSecret(clientSecret));
  });

  it("rotate --json prints the new secret and when the old one ends (default 24h, 0s now)", async () => {
    const { cli } = world();
    const { clientId, clientSecret } = await created(cli);
    const rotated = await cli(["credentials", "rotate", clientId, "--json"]);
    expect(rotated.status).toBe(0);
    expect(JSON.parse(rotated.stdout)).toEqual({
      clientId,
      clientSecret: expect.any(String),
      oldSecretValidUntil: "2026-12-01T10:00:00.000Z",
    });
    expect(JSON.parse(rotated.stdout).clientSecret).not.toBe(clientSecret);
    const now = await cli(["credentials", "rotate", clientId, "--overlap", "0s", "--json"]);
    expect(JSON.parse(now.stdout).oldSecretValidUntil).toBe(NOW.toISOString());
  });

  it("revoke records the revocation for the rules and audits it; running it again is fine", async () => {
    const { services, cli } = world();
    const { clientId } = await created(cli);
    const revoked = await cli(["credentials", "revoke", clientId]);
    expect(revoked.status).toBe(0);
    expect(revoked.stdout).toContain(`Revoked ${clientId} of partner acme`);
    expect(services.state.revocations.get(clientId)).toBe(NOW.getTime() / 1000);
    expect(services.state.credentialAudit.records().at(-1)?.event).toMatchObject({
      action: "credentials.revoke",
      clientId,
    });
    expect((await cli(["credentials", "revoke", clientId])).status).toBe(0);
  });

  it("refuses bad input with exit 2 before touching any service", async () => {
    const { services, cli } = world();
    for (const argv of [
      ["credentials", "create", "--partner", "Not Valid"],
      ["credentials", "create", "--partner", "acme", "--scopes", "entries:delete"],
      ["credentials", "create", "--partner", "acme", "--name", ""],
      ["credentials", "create"],
      ["credentials", "list", "--partner", "-x"],
      ["credentials", "rotate", "not-a-client-id"],
      ["credentials", "rotate", "pci_0123456789abcdefghijkl", "--overlap", "5x"],
      ["credentials", "rotate", "pci_0123456789abcdefghijkl", "--overlap", "-1h"],
      ["credentials", "revoke", "acme"],
      ["credentials", "frobnicate"],
    ]) {
      const result = await cli(argv);
      expect(result.status, argv.join(" ")).toBe(2);
      expect(result.stdout).toBe("");
    }
    expect(services.state.connections).toBe(0);
  });

  it("refuses an unknown or revoked client id with exit 2 and changes nothing", async () => {
    const { services, cli } = world();
    const unknown = await cli(["credentials", "rotate", "pci_0123456789abcdefghijkl"]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("No credential has the client id");
    const { clientId } = await created(cli);
    await cli(["credentials", "revoke", clientId]);
    const auditBefore = services.state.credentialAudit.records().length;
    const rotateRevoked = await cli(["credentials", "rotate", clientId]);
    expect(rotateRevoked.status).toBe(2);
    expect(rotateRevoked.stderr).toContain("revoked");
    expect(services.state.credentialAudit.records()).toHaveLength(auditBefore);
    expect((await cli(["credentials", "revoke", "pci_0123456789abcdefghijkl"])).status).toBe(2);
  });
});
