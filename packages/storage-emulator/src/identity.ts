import { StorageError } from "./errors.js";

/** The caller as rules see it: `request.auth`, or null for an unauthenticated request. */
export interface RulesAuth {
  uid: string;
  token: Record<string, unknown>;
}

/** `owner` is the emulator's admin credential: it bypasses rules, as in the official emulator. */
export type Identity = { readonly owner: true } | { readonly owner: false; readonly auth: RulesAuth | null };

/** The admin identity: `owner`, and every request of the Cloud Storage JSON API (see gcs-api.ts). */
export const OWNER: Identity = { owner: true };
const ANONYMOUS: Identity = { owner: false, auth: null };

/**
 * Reads `Authorization: Firebase <token>` (the Firebase SDKs) or `Bearer <token>` (Google Cloud
 * clients). Like the official emulators, the ID token's signature and expiry are not checked: the Auth
 * emulator's tokens are unsigned and rules-unit-testing's mock tokens expired in 1970. A credential
 * that is no ID token at all is refused with 403, as the service refuses it (not 401).
 */
export function identify(header: string | undefined): Identity {
  if (header === undefined || header.trim() === "") return ANONYMOUS;
  const match = /^(?:Firebase|Bearer)\s+(\S+)$/i.exec(header.trim());
  if (!match) throw refused("Authorization must be 'Firebase <ID token>'.");
  const token = match[1] as string;
  if (token === "owner") return OWNER;
  const claims = decodePayload(token);
  const uid = claims.user_id ?? claims.sub;
  if (typeof uid !== "string" || uid === "") throw refused("The ID token names no user.");
  return { owner: false, auth: { uid, token: claims } };
}

function decodePayload(token: string): Record<string, unknown> {
  const payload = token.split(".")[1];
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload ?? "", "base64url").toString("utf8"));
  } catch {
    throw refused("The ID token is not a JWT.");
  }
  if (claims === null || typeof claims !== "object" || Array.isArray(claims)) {
    throw refused("The ID token's payload is not a JSON object.");
  }
  return claims as Record<string, unknown>;
}

const refused = (message: string) => new StorageError("PERMISSION_DENIED", message);
