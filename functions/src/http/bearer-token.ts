import { ApiError } from "../errors.js";

// A JWT's three base64url parts; the Auth emulator's unsigned tokens have an empty third part.
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const MAX_TOKEN_LENGTH = 8192;

/** The ID token of an `Authorization: Bearer` header, or a 401 saying what is wrong. */
export function bearerToken(header: string | undefined): string {
  if (!header) {
    throw new ApiError("UNAUTHENTICATED", "Send a Firebase ID token as Authorization: Bearer <token>.", {
      headers: { "WWW-Authenticate": 'Bearer realm="partner-api"' },
    });
  }
  const [scheme, token, ...rest] = header.trim().split(/\s+/);
  if (scheme?.toLowerCase() !== "bearer" || !token || rest.length > 0) {
    throw new ApiError("UNAUTHENTICATED", "The Authorization header must be: Bearer <Firebase ID token>.", {
      headers: { "WWW-Authenticate": 'Bearer realm="partner-api", error="invalid_request"' },
    });
  }
  if (token.length > MAX_TOKEN_LENGTH || !JWT_SHAPE.test(token)) {
    throw new ApiError("UNAUTHENTICATED", "The bearer token is not a Firebase ID token.", {
      headers: { "WWW-Authenticate": 'Bearer realm="partner-api", error="invalid_token"' },
    });
  }
  return token;
}
