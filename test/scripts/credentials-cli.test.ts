import { describe, expect, it } from "vitest";
import { newClientId } from "partner-api-functions/shared";
import { basicAuth, requestToken, type TokenResponse } from "../support/credentials.js";
import { adminAuth, adminDb, uniqueId } from "../support/stack.js";
import { runClaims } from "./claims-cli.js";

const GRANT = { grant_type: "client_credentials" };
const tokenFor = (clientId: string, secret: string): Promise<TokenResponse> =>
  requestToken(GRANT, { headers: { authorization: basicAuth(clientId, secret) } });

async function credentialAudit(clientId: string): Promise<string[]> {
  const snapshot = await adminDb().collection("auditLogs").where("clientId", "==", clientId).get();
  return snapshot.docs
    .map((doc) => doc.data())
    .sort((a, b) => a.time.toMillis() - b.time.toMillis())
    .map((log) => String(log.action));
}

describe("claims credentials against the Auth emulator", () => {
  it(
    "creates, lists, rotates and revokes a credential that the token endpoint honours",
    { timeout: 420_000 },
    async () => {
      const partnerId = uniqueId("acme");
      const create = await runClaims([
        "credentials",
        "create",
        "--partner",
        partnerId,
        "--scopes",
        "entries:read",
        "--name",
        "till",
        "--json",
      ]);
      expect(create.status).toBe(0);
      const created = JSON.parse(create.stdout);
      expect(created).toEqual({
        clientId: expect.stringMatching(/^pci_/),
        clientSecret: expect.stringMatching(/^pcs_/),
        partnerId,
        scopes: ["entries:read"],
        name: "till",
      });
      const user = await adminAuth().getUser(created.clientId);
      expect(user.customClaims).toEqual({ role: "partner", partnerId, scopes: ["entries:read"] });
      expect((await adminDb().doc(`partners/${partnerId}`).get()).data()).toMatchObject({ status: "active" });
      expect((await tokenFor(created.clientId, created.clientSecret)).status).toBe(200);

      const list = await runClaims(["credentials", "list", "--partner", partnerId, "--json"]);
      expect(list.status).toBe(0);
      expect(JSON.parse(list.stdout)).toEqual([
        expect.objectContaining({ clientId: created.clientId, partnerId, status: "active", name: "till" }),
      ]);
      expect(list.stdout).not.toContain(created.clientSecret);
      const table = await runClaims(["credentials", "list", "--partner", partnerId]);
      expect(table.stdout).toContain(created.clientId);
      expect(table.stdout).toContain("1 valid");

      const rotate = await runClaims([
        "credentials",
        "rotate",
        created.clientId,
        "--overlap",
        "1h",
        "--json",
      ]);
      expect(rotate.status).toBe(0);
      const rotated = JSON.parse(rotate.stdout);
      expect(rotated).toEqual({
        clientId: created.clientId,
        clientSecret: expect.stringMatching(/^pcs_/),
        oldSecretValidUntil: expect.any(String),
      });
      expect(Date.parse(rotated.oldSecretValidUntil) - Date.now()).toBeGreaterThan(59 * 60_000);
      expect((await tokenFor(created.clientId, created.clientSecret)).status).toBe(200);
      expect((await tokenFor(created.clientId, rotated.clientSecret)).status).toBe(200);

      const revoke = await runClaims(["credentials", "revoke", created.clientId]);
      expect(revoke.status).toBe(0);
      expect(revoke.stdout).toContain(`Revoked ${created.clientId}`);
      expect((await tokenFor(created.clientId, rotated.clientSecret)).status).toBe(401);
      expect((await adminAuth().getUser(created.clientId)).disabled).toBe(true);
      expect((await adminDb().doc(`revocations/${created.clientId}`).get()).data()?.revokedAt).toEqual(
        expect.any(Number),
      );
      const stored = (await adminDb().doc(`clientCredentials/${created.clientId}`).get()).data();
      expect(stored).toMatchObject({ status: "revoked", secrets: [] });
      expect(await credentialAudit(created.clientId)).toEqual([
        "credentials.create",
        "credentials.token",
        "credentials.rotate",
        "credentials.token",
        "credentials.token",
        "credentials.revoke",
      ]);
    },
  );

  it(
    "refuses bad input and unknown client ids with exit 2, changing nothing",
    { timeout: 180_000 },
    async () => {
      const unknown = newClientId();
      for (const args of [
        ["credentials", "create", "--partner", "Bad Id", "--json"],
        ["credentials", "rotate", unknown],
        ["credentials", "revoke", unknown],
      ]) {
        const result = await runClaims(args);
        expect(result.status, args.join(" ")).toBe(2);
        expect(result.stdout).toBe("");
        expect(result.stderr).toMatch(/error/);
      }
      expect((await adminDb().doc(`clientCredentials/${unknown}`).get()).exists).toBe(false);
      await expect(adminAuth().getUser(unknown)).rejects.toMatchObject({ code: "auth/user-not-found" });
    },
  );
});
