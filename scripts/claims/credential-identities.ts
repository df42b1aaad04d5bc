import type { Auth } from "firebase-admin/auth";
import type { CredentialIdentities } from "./credential-admin.js";

/** Credentials' Auth users through firebase-admin: uid = client id, claims = the partner claims. */
export function firebaseCredentialIdentities(
  auth: Pick<Auth, "createUser" | "setCustomUserClaims" | "updateUser" | "revokeRefreshTokens" | "getUser">,
): CredentialIdentities {
  return {
    async create(uid, displayName, claims) {
      // No email and no password: the only way to sign in as this user is a custom token, which only
      // the token endpoint (holding the service account) can mint.
      await auth.createUser({ uid, displayName });
      await auth.setCustomUserClaims(uid, claims);
    },
    async disable(uid) {
      await auth.updateUser(uid, { disabled: true });
      await auth.revokeRefreshTokens(uid);
      const { tokensValidAfterTime } = await auth.getUser(uid);
      return Math.floor(Date.parse(tokensValidAfterTime ?? new Date().toUTCString()) / 1000);
    },
  };
}
