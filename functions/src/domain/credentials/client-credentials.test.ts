import { describe, expect, it } from "vitest";
import { validSecretHashes } from "./client-credentials.js";
import type { ClientCredential } from "./ports.js";

const now = new Date("2026-11-30T10:00:00.000Z");
const credential: ClientCredential = {
  clientId: "pci_0000000000000000000001",
  partnerId: "acme",
  scopes: ["entries:read"],
  name: "back office",
  status: "active",
  secrets: [
    { hash: "a".repeat(64), createdAt: "2026-11-01T00:00:00.000Z", validUntil: null },
    { hash: "b".repeat(64), createdAt: "2026-11-01T00:00:00.000Z", validUntil: "2026-11-30T10:00:00.001Z" },
    { hash: "c".repeat(64), createdAt: "2026-11-01T00:00:00.000Z", validUntil: "2026-11-30T10:00:00.000Z" },
  ],
  createdAt: "2026-11-01T00:00:00.000Z",
  revokedAt: null,
};

describe("validSecretHashes", () => {
  it("keeps open-ended secrets and those ending after now, not one ending at now", () => {
    expect(validSecretHashes(credential, now)).toEqual(["a".repeat(64), "b".repeat(64)]);
  });

  it("gives none for a revoked credential, even one whose secrets are still stored", () => {
    expect(
      validSecretHashes({ ...credential, status: "revoked", revokedAt: now.toISOString() }, now),
    ).toEqual([]);
  });
});
