import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";

/**
 * Standard Webhooks signing (DESIGN.md "Webhooks"), through the specification's own library so the
 * bytes signed and the header format are exactly what partners' verifiers expect:
 * `webhook-signature: v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`, one per secret,
 * separated by spaces while a rotated-out secret still signs.
 */

/** How long a rotated-out secret keeps signing beside its successor. */
export const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;

// 256-bit keys: the specification asks for 24 to 64 bytes.
const SECRET_BYTES = 32;

/** A signing secret of an endpoint; `expiresAt` is null for the current one. */
export interface SigningSecret {
  secret: string;
  expiresAt: string | null;
}

/** A new secret: `whsec_` and the base64 of 32 random bytes. */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(SECRET_BYTES).toString("base64")}`;
}

/**
 * The secrets after a rotation at `now`: the new one first, then the previous current one until
 * `now + 24 h`. Secrets rotated out earlier stop signing at once, so a delivery carries at most two
 * signatures however often a partner rotates.
 */
export function rotatedSecrets(secrets: readonly SigningSecret[], fresh: string, now: Date): SigningSecret[] {
  const current = secrets.find(({ expiresAt }) => expiresAt === null);
  const overlapEnds = new Date(now.getTime() + ROTATION_OVERLAP_MS).toISOString();
  return [{ secret: fresh, expiresAt: null }, ...(current ? [{ ...current, expiresAt: overlapEnds }] : [])];
}

/** The headers that sign one delivery of `body`, with every secret still valid at `now`. */
export function signatureHeaders(
  eventId: string,
  body: string,
  secrets: readonly SigningSecret[],
  now: Date,
): Record<string, string> {
  const signatures = secrets
    .filter(({ expiresAt }) => expiresAt === null || Date.parse(expiresAt) > now.getTime())
    .map(({ secret }) => new Webhook(secret).sign(eventId, now, body));
  return {
    "webhook-id": eventId,
    "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
    "webhook-signature": signatures.join(" "),
  };
}
