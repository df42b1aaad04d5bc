import { crc32 } from "node:zlib";
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

  it("end in the 6-digit base62 CRC32 of everything before, the checksum scanners recompute", () => {
    const secret = newClientSecret();
    expect(secret.slice(-6)).toBe(checksumOf(secret.slice(0, -6)));
  });

  it("refuses text of the wrong shape even when its checksum is right", () => {
    for (const body of [
      `pcs_${"a".repeat(42)}`,
      `pcs_${"a".repeat(44)}`,
      `pcs_${"a".repeat(42)}-`,
      `pcx_${"a".repeat(43)}`,
    ]) {
      expect(isWellFormedSecret(body + checksumOf(body))).toBe(false);
    }
    expect(isWellFormedSecret(`pcs_${"a".repeat(43)}${checksumOf(`pcs_${"a".repeat(43)}`)}`)).toBe(true);
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

  it("encodes the random bits in base62, most significant digit first", () => {
    const lastByte = (value: number) => (size: number) =>
      Object.assign(new Uint8Array(size), { [size - 1]: value });
    expect(newClientId(lastByte(61))).toBe(`pci_${"0".repeat(21)}z`);
    expect(newClientId(lastByte(62))).toBe(`pci_${"0".repeat(20)}10`);
    expect(newClientId(lastByte(125))).toBe(`pci_${"0".repeat(20)}21`);
  });

  it("stores a SHA-256 hash that differs from the secret and matches only that secret", () => {
    const secret = newClientSecret();
    const hash = hashSecret(secret);
    // Stored hashes must stay comparable across deploys: the SHA-256 of the secret's UTF-8 bytes, in hex.
    expect(hashSecret("pcs_é")).toBe("d48b52dd10c73fb69b78234c22d49cc98d1556c8b2e696460ef62763af67cb07");
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
    // Not even the text whose hash an unknown client is compared against, for equal cost.
    expect(secretMatchesAny("no client holds this secret", [])).toBe(false);
    expect(secretMatchesAny(first, ["not-hex"])).toBe(false);
  });
});

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** The checksum as documented for secret scanners: CRC32 of the text, as 6 base62 digits. */
function checksumOf(text: string): string {
  let value = crc32(text);
  let digits = "";
  for (let i = 0; i < 6; i++) {
    digits = BASE62[value % 62] + digits;
    value = Math.floor(value / 62);
  }
  return digits;
}
