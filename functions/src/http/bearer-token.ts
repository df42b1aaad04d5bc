import { unauthenticated } from "../errors.js";

// A JWT's three base64url parts; the Auth emulator's unsigned tokens have an empty third part.
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const MAX_TOKEN_LENGTH = 8192;

/** The ID token of an `Authorization: Bearer` header, or a 401 saying what is wrong. */
export function bearerToken(header: string | undefined): string {
  if (!header) {
    throw unauthenticated("Send a Firebase ID token as Authorization: Bearer <token>.");
  }
  const [scheme, token, ...rest] = header.trim().split(/\s+/);
  // Stryker disable next-line OptionalChaining: split always yields a first element, so scheme is never undefined
  if (scheme?.toLowerCase() !== "bearer" || !token || rest.length > 0) {
    throw unauthenticated("The Authorization header must be: Bearer <Firebase ID token>.", "invalid_request");
  }
  if (token.length > MAX_TOKEN_LENGTH || !JWT_SHAPE.test(token)) {
    throw unauthenticated("The bearer token is not a Firebase ID token.", "invalid_token");
  }
  return token;
}
