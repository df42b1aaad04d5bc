// Who called one of our emulators, read from the Authorization header the same way by both (Firestore's
// gRPC metadata and Storage's HTTP header carry the same credentials): the admin SDKs' credentials are
// privileged and bypass security rules, as on the service; a Firebase ID token is a user judged by its
// claims; no header is anonymous. Each emulator answers an invalid credential in its own protocol
// (Firestore UNAUTHENTICATED, Storage 403, as each service does).

/** The `request.auth` rules see for a signed-in user: the uid and every claim of the ID token. */
export interface RulesAuth {
  readonly uid: string;
  readonly token: Record<string, unknown>;
}

export type Caller =
  | { readonly kind: "privileged" }
  | { readonly kind: "user"; readonly auth: RulesAuth }
  | { readonly kind: "anonymous" };

export const PRIVILEGED: Caller = { kind: "privileged" };
export const ANONYMOUS: Caller = { kind: "anonymous" };

/** A credential that is neither an admin credential nor a Firebase ID token; `reason` says which way. */
export class InvalidCredential extends Error {
  constructor(readonly reason: string) {
    super(`Invalid authorization token: ${reason}`);
    this.name = "InvalidCredential";
  }
}

/** Firebase ID tokens are issued by Secure Token; mock tokens of rules-unit-testing say so too. */
const FIREBASE_ISSUER = "https://securetoken.google.com/";
/** Google OAuth 2.0 access tokens, what server SDKs send with real credentials, are opaque with this prefix. */
const GOOGLE_ACCESS_TOKEN = /^ya29\./;
/** Self-signed service-account JWTs (another form of server credentials) are issued by the account itself. */
const SERVICE_ACCOUNT_ISSUER = /\.gserviceaccount\.com$/;

/**
 * The caller behind `Authorization: Bearer <token>` (Google's clients, the Admin SDKs) or `Firebase
 * <token>` (the Firebase Storage SDK). Like the official emulators, signatures and expiry are not
 * verified (the Auth emulator's tokens are unsigned; rules-unit-testing's mock tokens expired in 1970):
 * a Firebase ID token's payload becomes `request.auth`, the uid from `user_id` or `sub`. "owner" (the
 * emulators' admin token) and Google credentials (OAuth access tokens, service-account JWTs) are
 * privileged. Anything else throws InvalidCredential, never a silent bypass.
 */
export function callerFromAuthorization(header: string | undefined): Caller {
  if (header === undefined || header.trim() === "") return ANONYMOUS;
  const token = header.trim().replace(/^(?:Bearer|Firebase)\s+/i, "");
  if (token === "owner" || GOOGLE_ACCESS_TOKEN.test(token)) return PRIVILEGED;
  if (token.split(".").length !== 3) throw new InvalidCredential("not a JWT.");
  const payload = decodePayload(token);
  if (typeof payload.iss === "string" && SERVICE_ACCOUNT_ISSUER.test(payload.iss)) return PRIVILEGED;
  if (!isFirebaseIdToken(payload)) throw new InvalidCredential("not a Firebase ID token.");
  const uid = payload.user_id ?? payload.sub;
  if (typeof uid !== "string" || uid === "") throw new InvalidCredential("an ID token needs user_id or sub.");
  return { kind: "user", auth: { uid, token: payload } };
}

function decodePayload(token: string): Record<string, unknown> {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8"));
  } catch {
    throw new InvalidCredential("the payload is not base64url-encoded JSON.");
  }
  if (decoded === null || typeof decoded !== "object" || Array.isArray(decoded)) {
    throw new InvalidCredential("the payload is not a JSON object.");
  }
  return decoded as Record<string, unknown>;
}

const isFirebaseIdToken = (payload: Record<string, unknown>) =>
  (typeof payload.iss === "string" && payload.iss.startsWith(FIREBASE_ISSUER)) ||
  "user_id" in payload ||
  "firebase" in payload;
