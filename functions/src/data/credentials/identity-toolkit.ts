import type { Auth } from "firebase-admin/auth";
import type { MintedIdToken } from "../../domain/credentials/token-exchange.js";

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
 * SDK (with no extra claims, so the ID token carries exactly the user's stored claims), exchanged at
 * Identity Toolkit's `accounts:signInWithCustomToken`. The refresh token it also returns is dropped:
 * a client credentials grant issues none (RFC 6749 §4.4.3).
 */
export function createIdTokenMinter({
  auth,
  identityToolkitOrigin,
  webApiKey,
  fetch: fetchImpl = fetch,
}: IdTokenMinterOptions): (uid: string) => Promise<MintedIdToken | null> {
  const url = `${identityToolkitOrigin}/v1/accounts:signInWithCustomToken?key=${encodeURIComponent(webApiKey)}`;
  return async (uid) => {
    const customToken = await auth.createCustomToken(uid);
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
      return { idToken: body.idToken, expiresInSeconds: Number(body.expiresIn ?? 3600) };
    }
    const reason = body.error?.message ?? `HTTP ${response.status}`;
    if (USER_REFUSED.has(reason.split(" ")[0] ?? "")) return null;
    throw Object.assign(new Error(`Identity Toolkit refused the custom token: ${reason}`), {
      code: "auth/internal-error",
    });
  };
}
