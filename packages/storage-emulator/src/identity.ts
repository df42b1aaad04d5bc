import { StorageError } from "./errors.js";

/** The caller as rules see it: `request.auth`, or null for an unauthenticated request. */
export interface RulesAuth {
  uid: string;
  token: Record<string, unknown>;
}

/** `owner` is the emulator's admin credential: it bypasses rules, as in the official emulator. */
export type Identity = { readonly owner: true } | { readonly owner: false; readonly auth: RulesAuth | null };

const OWNER: Identity = { owner: true };
const ANONYMOUS: Identity = { owner: false, auth: null };

/**
 * Reads `Authorization: Firebase <token>` (the Firebase SDKs) or `Bearer <token>` (Google Cloud
 * clients). Like the official emulators, the ID token's signature and expiry are not checked: the Auth
 * emulator's tokens are unsigned and rules-unit-testing's mock tokens expired in 1970.
 */
export function identify(header: string | undefined): Identity {
  if (header === undefined || header.trim() === "") return ANONYMOUS;
  const match = /^(?:Firebase|Bearer)\s+(\S+)$/i.exec(header.trim());
  if (!match) throw unauthenticated("Authorization must be 'Firebase <ID token>'.");
  const token = match[1] as string;
  if (token === "owner") return OWNER;
  const claims = decodePayload(token);
  const uid = claims.user_id ?? claims.sub;
  if (typeof uid !== "string" || uid === "") throw unauthenticated("The ID token names no user.");
  return { owner: false, auth: { uid, token: claims } };
}

function decodePayload(token: string): Record<string, unknown> {
  const payload = token.split(".")[1];
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload ?? "", "base64url").toString("utf8"));
  } catch {
    throw unauthenticated("The ID token is not a JWT.");
  }
  if (claims === null || typeof claims !== "object" || Array.isArray(claims)) {
    throw unauthenticated("The ID token's payload is not a JSON object.");
  }
  return claims as Record<string, unknown>;
}

const unauthenticated = (message: string) => new StorageError("UNAUTHENTICATED", message);
