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

// JSON with every object's keys in code-unit order. The fingerprint is stored with each idempotency
// record, so this form must stay the same across deploys (idempotency.test.ts pins it).
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    const members = Object.keys(record)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
    return `{${members.join(",")}}`;
  }
  // undefined (only inside a value that did not come from JSON) is written as JSON writes it in arrays.
  return JSON.stringify(value) ?? "null";
}
