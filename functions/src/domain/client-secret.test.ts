import { describe, expect, it } from "vitest";
import {
  CLIENT_SECRET_PATTERN,
  hashSecret,
  isClientId,
  isWellFormedSecret,
  newClientId,
  newClientSecret,
  secretMatchesAny,
} from "./client-secret.js";

describe("client secrets", () => {
  it("carry the pcs_ prefix, 256 random bits and a checksum a scanner can confirm", () => {
    const secret = newClientSecret();
    expect(secret).toMatch(/^pcs_[0-9A-Za-z]{49}$/);
    expect(new RegExp(`^${CLIENT_SECRET_PATTERN}$`).test(secret)).toBe(true);
    expect(isWellFormedSecret(secret)).toBe(true);
    // All-zero and all-one random bytes still encode to the full length: no value is truncated.
    expect(newClientSecret((size) => new Uint8Array(size))).toHaveLength(53);
    expect(newClientSecret((size) => new Uint8Array(size).fill(255))).toHaveLength(53);
    expect(newClientSecret()).not.toBe(secret);
  });

  it("refuses a secret with one character changed, a wrong prefix or a wrong length", () => {
    const secret = newClientSecret();
    const flipped = secret.slice(0, 10) + (secret[10] === "a" ? "b" : "a") + secret.slice(11);
    expect(isWellFormedSecret(flipped)).toBe(false);
    expect(isWellFormedSecret(`pcx_${secret.slice(4)}`)).toBe(false);
    expect(isWellFormedSecret(secret.slice(0, -1))).toBe(false);
    expect(isWellFormedSecret(`${secret}0`)).toBe(false);
    expect(isWellFormedSecret("")).toBe(false);
  });

  it("makes client ids of the pci_ prefix and 128 random bits, and tells them from other text", () => {
    const id = newClientId();
    expect(id).toMatch(/^pci_[0-9A-Za-z]{22}$/);
    expect(isClientId(id)).toBe(true);
    expect(isClientId(newClientId((size) => new Uint8Array(size)))).toBe(true);
    expect(isClientId(`${id}x`)).toBe(false);
    expect(isClientId("pci_short")).toBe(false);
    expect(isClientId(newClientSecret())).toBe(false);
  });

  it("stores a SHA-256 hash that differs from the secret and matches only that secret", () => {
    const secret = newClientSecret();
    const hash = hashSecret(secret);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(secret.slice(4, 20));
    expect(secretMatchesAny(secret, [hash])).toBe(true);
    expect(secretMatchesAny(newClientSecret(), [hash])).toBe(false);
  });

  it("matches any of several valid hashes, and nothing when there are none", () => {
    const [first, second] = [newClientSecret(), newClientSecret()];
    const hashes = [hashSecret(first), hashSecret(second)];
    expect(secretMatchesAny(first, hashes)).toBe(true);
    expect(secretMatchesAny(second, hashes)).toBe(true);
    expect(secretMatchesAny(first, [])).toBe(false);
    expect(secretMatchesAny(first, ["not-hex"])).toBe(false);
  });
});
