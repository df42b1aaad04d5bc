import { describe, expect, it } from "vitest";
import { createInMemoryClientCredentials } from "partner-api-functions/testing";
import {
  ApiError,
  validSecretHashes,
  viewOf,
  hashSecret,
  newClientId,
  newClientSecret,
} from "partner-api-functions/shared";
import {
  createCredential,
  revokeCredential,
  rotateCredential,
  type CredentialAdminDeps,
  type CredentialAuditEvent,
} from "./credential-admin.js";

const claims = { role: "partner", partnerId: "acme", scopes: ["entries:read"] } as const;

function setup() {
  let now = new Date("2026-11-30T10:00:00.000Z");
  const users = new Map<string, { displayName: string; claims: unknown; disabled: boolean }>();
  const revocations = new Map<string, number>();
  const audit: CredentialAuditEvent[] = [];
  const deps: CredentialAdminDeps = {
    store: createInMemoryClientCredentials(),
    identities: {
      async create(uid, displayName, userClaims) {
        users.set(uid, { displayName, claims: userClaims, disabled: false });
      },
      async disable(uid) {
        const user = users.get(uid);
        if (user) user.disabled = true;
        return Math.floor(now.getTime() / 1000);
      },
    },
    revocations: { record: async (uid, seconds) => void revocations.set(uid, seconds) },
    audit: async (event) => void audit.push(event),
    clock: () => now,
    newClientId: () => newClientId(),
    newClientSecret: () => newClientSecret(),
  };
  const advance = (ms: number) => (now = new Date(now.getTime() + ms));
  return { deps, users, revocations, audit, advance, now: () => now };
}

const HOUR = 3_600_000;

describe("createCredential", () => {
  it("creates the Auth user with the partner claims and stores only the secret's hash", async () => {
    const { deps, users, audit } = setup();
    const { credential, clientSecret } = await createCredential(
      deps,
      { ...claims, scopes: ["entries:read"] },
      "till",
    );
    expect(users.get(credential.clientId)).toEqual({ displayName: "till", claims, disabled: false });
    const stored = await deps.store.get(credential.clientId);
    expect(stored).toMatchObject({
      partnerId: "acme",
      scopes: ["entries:read"],
      name: "till",
      status: "active",
    });
    expect(stored?.secrets).toEqual([
      { hash: hashSecret(clientSecret), createdAt: "2026-11-30T10:00:00.000Z", validUntil: null },
    ]);
    expect(JSON.stringify(stored)).not.toContain(clientSecret);
    expect(audit).toEqual([
      {
        action: "credentials.create",
        clientId: credential.clientId,
        partnerId: "acme",
        scopes: ["entries:read"],
        name: "till",
      },
    ]);
    expect(JSON.stringify(audit)).not.toContain(clientSecret);
  });

  it("names the user after the partner when no name is given", async () => {
    const { deps, users } = setup();
    const { credential } = await createCredential(deps, { ...claims, scopes: [] }, null);
    expect(users.get(credential.clientId)?.displayName).toBe("client credentials of acme");
  });
});

describe("rotateCredential", () => {
  it("keeps the old secret valid for the overlap, then only the new one", async () => {
    const { deps, advance, now, audit } = setup();
    const created = await createCredential(deps, { ...claims, scopes: [] }, null);
    const rotated = await rotateCredential(deps, created.credential.clientId, 24 * HOUR);
    expect(rotated.oldSecretValidUntil).toBe("2026-12-01T10:00:00.000Z");
    const hashes = () => validSecretHashes(rotated.credential, now());
    expect(hashes()).toEqual([hashSecret(created.clientSecret), hashSecret(rotated.clientSecret)]);
    advance(24 * HOUR);
    expect(hashes()).toEqual([hashSecret(rotated.clientSecret)]);
    expect(audit.at(-1)).toEqual({
      action: "credentials.rotate",
      clientId: created.credential.clientId,
      partnerId: "acme",
      oldSecretValidUntil: "2026-12-01T10:00:00.000Z",
    });
  });

  it("ends the old secret at once with an overlap of 0, and never extends an earlier end", async () => {
    const { deps, now } = setup();
    const { credential, clientSecret } = await createCredential(deps, { ...claims, scopes: [] }, null);
    const first = await rotateCredential(deps, credential.clientId, HOUR);
    const second = await rotateCredential(deps, credential.clientId, 48 * HOUR);
    expect(second.credential.secrets.map((secret) => secret.validUntil)).toEqual([
      "2026-11-30T11:00:00.000Z",
      "2026-12-02T10:00:00.000Z",
      null,
    ]);
    const third = await rotateCredential(deps, credential.clientId, 0);
    expect(validSecretHashes(third.credential, now())).toEqual([hashSecret(third.clientSecret)]);
    expect(third.credential.secrets).toHaveLength(1);
    expect(validSecretHashes(third.credential, now())).not.toContain(hashSecret(clientSecret));
    expect(validSecretHashes(third.credential, now())).not.toContain(hashSecret(first.clientSecret));
  });

  it("cuts a longer overlap short when a later rotation gives a shorter one", async () => {
    const { deps } = setup();
    const { credential } = await createCredential(deps, { ...claims, scopes: [] }, null);
    await rotateCredential(deps, credential.clientId, 48 * HOUR);
    const second = await rotateCredential(deps, credential.clientId, HOUR);
    expect(second.credential.secrets.map((secret) => secret.validUntil)).toEqual([
      "2026-11-30T11:00:00.000Z",
      "2026-11-30T11:00:00.000Z",
      null,
    ]);
  });

  it("refuses an unknown or revoked client id and changes nothing", async () => {
    const { deps } = setup();
    const unknown = newClientId();
    await expect(rotateCredential(deps, unknown, HOUR)).rejects.toMatchObject({
      code: "NOT_FOUND",
      detail: `No credential has the client id ${unknown}.`,
    });
    const { credential } = await createCredential(deps, { ...claims, scopes: [] }, null);
    await revokeCredential(deps, credential.clientId);
    const before = await deps.store.get(credential.clientId);
    const refused = await rotateCredential(deps, credential.clientId, HOUR).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({
      code: "CONFLICT",
      detail: `${credential.clientId} is revoked; create a new credential.`,
    });
    expect(await deps.store.get(credential.clientId)).toEqual(before);
  });
});

describe("revokeCredential", () => {
  it("drops every secret, disables the user, records the revocation for the rules and audits it", async () => {
    const { deps, users, revocations, audit, now } = setup();
    const { credential } = await createCredential(deps, { ...claims, scopes: [] }, null);
    const revoked = await revokeCredential(deps, credential.clientId);
    expect(revoked.alreadyRevoked).toBe(false);
    expect(revoked.credential).toMatchObject({
      status: "revoked",
      secrets: [],
      revokedAt: now().toISOString(),
    });
    expect(users.get(credential.clientId)?.disabled).toBe(true);
    expect(revocations.get(credential.clientId)).toBe(Math.floor(now().getTime() / 1000));
    expect(audit.at(-1)).toEqual({
      action: "credentials.revoke",
      clientId: credential.clientId,
      partnerId: "acme",
      tokensValidAfter: now().toISOString(),
    });
    expect(viewOf(revoked.credential, now()).secrets).toEqual([]);
  });

  it("can run again: it keeps the first revocation time and repeats the Auth and rules steps", async () => {
    const { deps, revocations, advance } = setup();
    const { credential } = await createCredential(deps, { ...claims, scopes: [] }, null);
    const first = await revokeCredential(deps, credential.clientId);
    advance(HOUR);
    const again = await revokeCredential(deps, credential.clientId);
    expect(again.alreadyRevoked).toBe(true);
    expect(again.credential.revokedAt).toBe(first.credential.revokedAt);
    expect(revocations.get(credential.clientId)).toBe(Date.parse("2026-11-30T11:00:00.000Z") / 1000);
  });

  it("refuses an unknown client id", async () => {
    const { deps, revocations } = setup();
    const unknown = newClientId();
    await expect(revokeCredential(deps, unknown)).rejects.toMatchObject({
      code: "NOT_FOUND",
      detail: `No credential has the client id ${unknown}.`,
    });
    expect(revocations.size).toBe(0);
  });
});

describe("viewOf", () => {
  it("shows a credential without hashes, and only the secrets still valid", async () => {
    const { deps, now } = setup();
    const { credential } = await createCredential(deps, { ...claims, scopes: [] }, null);
    const rotated = await rotateCredential(deps, credential.clientId, HOUR);
    const view = viewOf(rotated.credential, now());
    expect(JSON.stringify(view)).not.toMatch(/[0-9a-f]{64}/);
    expect(view.secrets).toEqual([
      { createdAt: "2026-11-30T10:00:00.000Z", validUntil: "2026-11-30T11:00:00.000Z" },
      { createdAt: "2026-11-30T10:00:00.000Z", validUntil: null },
    ]);
    expect(viewOf(rotated.credential, new Date(now().getTime() + 2 * HOUR)).secrets).toHaveLength(1);
  });
});
