import { describe, expect, it } from "vitest";
import { inMemoryServices } from "./in-memory-services.js";
import { runCliInProcess } from "./run-in-process.js";

const NOW = new Date("2026-11-30T10:00:00.000Z");
const ACME_FILE = "partners/acme/attachments/e1/receipt.pdf";
const GLOBEX_FILE = "partners/globex/attachments/e1/invoice.pdf";

/** Alice of acme, and one attachment each of acme and globex with the token their download URLs carry. */
function world(
  claims: Record<string, unknown> = { role: "partner", partnerId: "acme", scopes: ["entries:read"] },
) {
  const services = inMemoryServices(
    [{ uid: "alice", email: "alice@acme.example", customClaims: claims }],
    () => NOW,
  );
  services.state.attachments.set(ACME_FILE, ["handed-out"]);
  services.state.attachments.set(GLOBEX_FILE, ["handed-out"]);
  const cli = (argv: string[]) => runCliInProcess(services.connect, argv);
  return { services, cli, links: () => Object.fromEntries(services.state.attachments) };
}

// Download URLs carry a token that works past storage.rules; whatever ends a user's or credential's access
// also replaces the tokens of every attachment of the partner it belonged to.
describe("the claims CLI ends the download links of a partner's attachments with access", () => {
  it("revoke replaces the token of each attachment of the user's partner, and of no other partner", async () => {
    const { cli, links } = world();
    const result = await cli(["revoke", "alice"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("Ended the download links of acme's attachments");
    expect(links()[ACME_FILE]).toEqual([expect.not.stringMatching(/^handed-out$/)]);
    expect(links()[GLOBEX_FILE]).toEqual(["handed-out"]);
  });

  it("a grant that moves the user to another partner ends the links of the partner left; one that widens access ends none", async () => {
    const moved = world();
    expect(
      (await moved.cli(["grant", "alice", "--partner", "globex", "--scopes", "entries:read"])).status,
    ).toBe(0);
    expect(moved.links()[ACME_FILE]).not.toEqual(["handed-out"]);
    expect(moved.links()[GLOBEX_FILE]).toEqual(["handed-out"]);

    const widened = world();
    const result = await widened.cli([
      "grant",
      "alice",
      "--partner",
      "acme",
      "--scopes",
      "entries:read,entries:write",
    ]);
    expect(result.status).toBe(0);
    expect(widened.links()[ACME_FILE]).toEqual(["handed-out"]);
  });

  it("a dry run and a revoke of a user who is no partner end no link", async () => {
    const dry = world();
    const result = await dry.cli(["revoke", "alice", "--dry-run"]);
    expect(result.stdout).toContain("Would end the download links of acme's attachments");
    expect(dry.links()[ACME_FILE]).toEqual(["handed-out"]);

    const stranger = world({ tier: "gold" });
    expect((await stranger.cli(["revoke", "alice"])).status).toBe(0);
    expect(Object.values(stranger.links()).flat()).toEqual(["handed-out", "handed-out"]);
  });

  it("credentials revoke ends the links of the credential's partner", async () => {
    const { cli, links } = world();
    const created = await cli(["credentials", "create", "--partner", "acme", "--json"]);
    const { clientId } = JSON.parse(created.stdout) as { clientId: string };
    const result = await cli(["credentials", "revoke", clientId]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("download links of 1 attachments of acme ended");
    expect(links()[ACME_FILE]).not.toEqual(["handed-out"]);
    expect(links()[GLOBEX_FILE]).toEqual(["handed-out"]);
  });
});
