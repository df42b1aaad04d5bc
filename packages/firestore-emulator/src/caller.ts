import { status, type Metadata } from "@grpc/grpc-js";
import { FirestoreError } from "./errors.js";

/** The `request.auth` rules see for a signed-in user: the uid and every claim of the ID token. */
export interface RulesAuth {
  readonly uid: string;
  readonly token: Record<string, unknown>;
}

/**
 * Who sent a request. Privileged callers (the admin SDKs: the emulator token "owner", or Google
 * credentials) bypass security rules, as on the service; users are judged with their ID token's claims.
 */
export type Caller =
  | { readonly kind: "privileged" }
  | { readonly kind: "user"; readonly auth: RulesAuth }
  | { readonly kind: "anonymous" };

export const PRIVILEGED: Caller = { kind: "privileged" };
export const ANONYMOUS: Caller = { kind: "anonymous" };

/** Firebase ID tokens are issued by Secure Token; mock tokens of rules-unit-testing say so too. */
const FIREBASE_ISSUER = "https://securetoken.google.com/";
/** Google OAuth 2.0 access tokens, what server SDKs send with real credentials, are opaque with this prefix. */
const GOOGLE_ACCESS_TOKEN = /^ya29\./;
/** Self-signed service-account JWTs (another form of server credentials) are issued by the account itself. */
const SERVICE_ACCOUNT_ISSUER = /\.gserviceaccount\.com$/;

function unauthenticated(reason: string): FirestoreError {
  return new FirestoreError(status.UNAUTHENTICATED, `Invalid authorization token: ${reason}`);
}

function decodePayload(token: string): Record<string, unknown> {
  const payload = token.split(".")[1] ?? "";
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    throw unauthenticated("the payload is not base64url-encoded JSON.");
  }
  if (decoded === null || typeof decoded !== "object" || Array.isArray(decoded))
    throw unauthenticated("the payload is not a JSON object.");
  return decoded as Record<string, unknown>;
}

const isFirebaseIdToken = (payload: Record<string, unknown>) =>
  (typeof payload.iss === "string" && payload.iss.startsWith(FIREBASE_ISSUER)) ||
  "user_id" in payload ||
  "firebase" in payload;

/**
 * The caller of a request from its `authorization: Bearer <token>` metadata. Like the official emulator,
 * it neither verifies signatures nor expiry (rules-unit-testing's mock tokens are `alg: none` and expired
 * in 1970): a Firebase ID token's payload becomes `request.auth`, with the uid from `user_id` or `sub`.
 * "owner" and Google credentials (OAuth access tokens, service-account JWTs) are the admin SDKs'; any
 * other token is UNAUTHENTICATED, never a silent bypass.
 */
export function callerFromMetadata(metadata: Metadata): Caller {
  const header = metadata.get("authorization")[0];
  if (typeof header !== "string" || header.trim() === "") return ANONYMOUS;
  const token = header.replace(/^Bearer\s+/i, "").trim();
  if (token === "owner" || GOOGLE_ACCESS_TOKEN.test(token)) return PRIVILEGED;
  if (token.split(".").length !== 3) throw unauthenticated("not a JWT.");
  const payload = decodePayload(token);
  if (typeof payload.iss === "string" && SERVICE_ACCOUNT_ISSUER.test(payload.iss)) return PRIVILEGED;
  if (!isFirebaseIdToken(payload)) throw unauthenticated("not a Firebase ID token.");
  const uid = payload.user_id ?? payload.sub;
  if (typeof uid !== "string" || uid === "") throw unauthenticated("an ID token needs user_id or sub.");
  return { kind: "user", auth: { uid, token: payload } };
}
