import { PROJECT_ID } from "./stack.js";

/**
 * Builds an unsigned ID token of the Auth emulator's shape. firebase-admin accepts these only while
 * FIREBASE_AUTH_EMULATOR_HOST is set, which lets tests present expired, foreign-project or forged tokens.
 */
export function unsignedIdToken(
  uid: string,
  claims: Record<string, unknown> = {},
  { project = PROJECT_ID, expiresInSeconds = 3600, issuedSecondsAgo = 0 } = {},
): string {
  const now = Math.floor(Date.now() / 1000) - issuedSecondsAgo;
  const header = { alg: "none", typ: "JWT" };
  const payload = {
    iss: `https://securetoken.google.com/${project}`,
    aud: project,
    auth_time: now,
    user_id: uid,
    sub: uid,
    iat: now,
    exp: now + expiresInSeconds,
    firebase: { identities: {}, sign_in_provider: "password" },
    ...claims,
  };
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString("base64url");
  return `${encode(header)}.${encode(payload)}.`;
}
