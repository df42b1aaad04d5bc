import { callerFromAuthorization, InvalidCredential, type Caller } from "@partner-api/caller-identity";
import { StorageError } from "../errors.js";

// Who called: one reading of credentials shared with the Firestore emulator (packages/caller-identity).

/** The caller as the service judges it: privileged callers (the admin SDKs) bypass rules. */
export type Identity = Caller;

/** The admin identity: `owner`, Google credentials, and every request of the GCS JSON API (gcs-api.ts). */
export const OWNER: Identity = { kind: "privileged" };

/**
 * The caller of `Authorization: Firebase <ID token>` (the Firebase SDKs) or `Bearer <token>` (Google
 * clients); signatures and expiry are not checked, as in the official emulators. A credential that is
 * neither an admin credential nor a Firebase ID token is refused with 403, as the service refuses it.
 */
export function identify(header: string | undefined): Identity {
  try {
    return callerFromAuthorization(header);
  } catch (error) {
    if (error instanceof InvalidCredential) throw new StorageError("PERMISSION_DENIED", error.message);
    throw error;
  }
}

/** The `request.auth` rules see: the user's, or null for an anonymous caller. */
export const rulesAuth = (identity: Identity) => (identity.kind === "user" ? identity.auth : null);
