import { createHash } from "node:crypto";

/** How long a stored response is replayed for its Idempotency-Key. */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Document id for a key: keys may hold '/' and other characters Firestore ids cannot. */
export function idempotencyKeyHash(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** A fingerprint of a request body that ignores key order, so equal JSON bodies match. */
export function requestFingerprint(body: unknown): string {
  return createHash("sha256").update(canonicalJson(body)).digest("hex");
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
