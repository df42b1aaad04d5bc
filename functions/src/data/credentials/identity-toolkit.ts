import type { Auth } from "firebase-admin/auth";
import { TOKEN_SCOPES_CLAIM, type Scope } from "../../domain/access/partner-claims.js";
import type { MintedIdToken } from "../../domain/credentials/ports.js";

export interface IdTokenMinterOptions {
  auth: Pick<Auth, "createCustomToken">;
  /** `https://identitytoolkit.googleapis.com`, or the Auth emulator's `http://host:port/identitytoolkit.googleapis.com`. */
  identityToolkitOrigin: string;
  /** The project's Web API key (the Auth emulator accepts any). */
  webApiKey: string;
  fetch?: typeof fetch;
}

// Identity Toolkit's answers for a user that may no longer sign in.
const USER_REFUSED = new Set(["USER_DISABLED", "USER_NOT_FOUND"]);

/**
 * Gets a Firebase ID token for a user the way a client SDK does: a custom token minted by the Admin
 * SDK, exchanged at Identity Toolkit's `accounts:signInWithCustomToken`. The ID token carries the
 * user's stored claims and the custom token's developer claims: `tokenScopes` only, and only for a
 * narrowed token. The refresh token it also returns is dropped: a client credentials grant issues none
 * (RFC 6749 §4.4.3).
 */
export function createIdTokenMinter({
  auth,
  identityToolkitOrigin,
  webApiKey,
  fetch: fetchImpl = fetch,
}: IdTokenMinterOptions): (uid: string, tokenScopes: Scope[] | null) => Promise<MintedIdToken | null> {
  const url = `${identityToolkitOrigin}/v1/accounts:signInWithCustomToken?key=${encodeURIComponent(webApiKey)}`;
  return async (uid, tokenScopes) => {
    const customToken = await auth.createCustomToken(
      uid,
      tokenScopes ? { [TOKEN_SCOPES_CLAIM]: tokenScopes } : undefined,
    );
    let response: Response;
    try {
      response = await fetchImpl(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ token: customToken, returnSecureToken: true }),
      });
    } catch (error) {
      // The error boundary answers a network failure of Auth with 503 and Retry-After.
      throw Object.assign(new Error(`Identity Toolkit unreachable: ${(error as Error).message}`), {
        code: "app/network-error",
      });
    }
    const body = (await response.json().catch(() => ({}))) as {
      idToken?: string;
      expiresIn?: string;
      error?: { message?: string };
    };
    if (response.ok && typeof body.idToken === "string") {
      return {
        idToken: body.idToken,
        expiresInSeconds: Number(body.expiresIn ?? 3600),
        claims: jwtClaims(body.idToken),
      };
    }
    const reason = body.error?.message ?? `HTTP ${response.status}`;
    if (USER_REFUSED.has(reason.split(" ")[0] ?? "")) return null;
    throw Object.assign(new Error(`Identity Toolkit refused the custom token: ${reason}`), {
      code: "auth/internal-error",
    });
  };
}

/**
 * The claims of an ID token Identity Toolkit just issued to us over TLS: read, not verified (it is
 * only reported back to the caller; every use of the token verifies it).
 */
function jwtClaims(idToken: string): Record<string, unknown> {
  const payload = idToken.split(".")[1] ?? "";
  return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
}
