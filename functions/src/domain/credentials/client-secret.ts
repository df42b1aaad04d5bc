import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { crc32 } from "node:zlib";

/**
 * Client ids and secrets of machine credentials. A secret is `pcs_`, 43 base62 characters carrying
 * 256 random bits, and a 6-character base62 CRC32 of everything before it: the shape secret scanners
 * match (as GitHub's tokens do), and a typo or a truncated paste is refused without a database read.
 */

export const CLIENT_ID_PREFIX = "pci_";
export const CLIENT_SECRET_PREFIX = "pcs_";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
// 62^22 > 2^128 and 62^43 > 2^256, so these lengths hold every value of the random bytes.
const CLIENT_ID_BYTES = 16;
const CLIENT_ID_BODY = 22;
const SECRET_BYTES = 32;
const SECRET_BODY = 43;
// 62^6 > 2^32: room for every CRC32 value.
const CHECKSUM_LENGTH = 6;

const CLIENT_ID_SHAPE = new RegExp(`^${CLIENT_ID_PREFIX}[0-9A-Za-z]{${CLIENT_ID_BODY}}$`);
const SECRET_SHAPE = new RegExp(`^${CLIENT_SECRET_PREFIX}[0-9A-Za-z]{${SECRET_BODY + CHECKSUM_LENGTH}}$`);

/** The pattern a secret scanner can use to find leaked secrets (the checksum then confirms a hit). */
export const CLIENT_SECRET_PATTERN = SECRET_SHAPE.source.slice(1, -1);

function base62(bytes: Uint8Array | bigint, length: number): string {
  let value = typeof bytes === "bigint" ? bytes : BigInt(`0x${Buffer.from(bytes).toString("hex")}`);
  let text = "";
  for (let i = 0; i < length; i++) {
    text = BASE62[Number(value % 62n)] + text;
    value /= 62n;
  }
  return text;
}

function checksum(text: string): string {
  return base62(BigInt(crc32(text)), CHECKSUM_LENGTH);
}

/** A new client id: `pci_` and 128 random bits. It is also the uid of the credential's Auth user. */
export function newClientId(random: (size: number) => Uint8Array = randomBytes): string {
  return CLIENT_ID_PREFIX + base62(random(CLIENT_ID_BYTES), CLIENT_ID_BODY);
}

/** A new secret: shown once to the admin, never stored. */
export function newClientSecret(random: (size: number) => Uint8Array = randomBytes): string {
  const body = CLIENT_SECRET_PREFIX + base62(random(SECRET_BYTES), SECRET_BODY);
  return body + checksum(body);
}

export function isClientId(text: string): boolean {
  return CLIENT_ID_SHAPE.test(text);
}

/** Whether `text` has a secret's shape and a correct checksum (not whether any client holds it). */
export function isWellFormedSecret(text: string): boolean {
  if (!SECRET_SHAPE.test(text)) return false;
  const body = text.slice(0, -CHECKSUM_LENGTH);
  return checksum(body) === text.slice(-CHECKSUM_LENGTH);
}

/**
 * What is stored instead of the secret. SHA-256 rather than a slow password hash: a secret carries
 * 256 random bits, so no dictionary or brute force can invert its hash, and a fast hash keeps the
 * token endpoint from being a CPU sink for anyone sending guesses.
 */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

// Compared against when a client has no stored hash, so an unknown client id costs the same work.
const NO_MATCH = hashSecret("no client holds this secret");

/**
 * Whether the secret's hash equals one of `hashes`, in constant time: every stored hash is compared
 * in full, and a client without hashes still costs one comparison.
 */
export function secretMatchesAny(secret: string, hashes: readonly string[]): boolean {
  const presented = Buffer.from(hashSecret(secret), "hex");
  let matched = false;
  // Stryker disable next-line ConditionalExpression,EqualityOperator,ArrayDeclaration: with no hashes the result is false either way; NO_MATCH only keeps the cost equal
  for (const hash of hashes.length > 0 ? hashes : [NO_MATCH]) {
    const stored = Buffer.from(hash, "hex");
    const equal = stored.length === presented.length && timingSafeEqual(stored, presented);
    matched = equal || matched;
  }
  return matched && hashes.length > 0;
}
