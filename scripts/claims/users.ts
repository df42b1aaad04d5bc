import type { Auth, UserIdentifier, UserRecord } from "firebase-admin/auth";
import { firebaseErrorKind } from "partner-api-functions/shared";
import { CliError } from "./cli-error.js";
import { withRetry } from "./retry.js";

/** The Auth calls the CLI makes: a subset of firebase-admin's Auth, so tests can pass a fake. */
export type CliAuth = Pick<
  Auth,
  | "getUser"
  | "getUserByEmail"
  | "getUsers"
  | "listUsers"
  | "setCustomUserClaims"
  | "revokeRefreshTokens"
  | "createCustomToken"
>;

/** Whether a command-line reference names a user by email rather than uid. */
export function looksLikeEmail(ref: string): boolean {
  return ref.includes("@");
}

/** Finds a user by uid or email; an unknown user is bad input (exit 2), anything else an operation failure. */
export async function findUser(auth: CliAuth, ref: string): Promise<UserRecord> {
  const lookups = looksLikeEmail(ref)
    ? [() => auth.getUserByEmail(ref), () => auth.getUser(ref)]
    : [() => auth.getUser(ref)];
  for (const lookup of lookups) {
    try {
      return await withRetry(lookup);
    } catch (error) {
      if (firebaseErrorKind(error) !== "user-not-found") throw error;
    }
  }
  throw new CliError("UNKNOWN_USER", `no user with ${looksLikeEmail(ref) ? "email or uid" : "uid"} "${ref}"`);
}

/**
 * Resolves many user references at once (firebase-admin's getUsers, 100 per call). Returns the users found,
 * keyed by reference; references missing from the map are unknown users.
 */
export async function findUsers(auth: CliAuth, refs: readonly string[]): Promise<Map<string, UserRecord>> {
  const found = new Map<string, UserRecord>();
  const unique = [...new Set(refs)];
  const lookup = async (batch: string[], identify: (ref: string) => UserIdentifier) => {
    for (let i = 0; i < batch.length; i += 100) {
      const chunk = batch.slice(i, i + 100);
      const result = await withRetry(() => auth.getUsers(chunk.map(identify)));
      for (const user of result.users) {
        for (const ref of chunk) {
          if (ref === user.uid || (looksLikeEmail(ref) && ref.toLowerCase() === user.email?.toLowerCase())) {
            if (!found.has(ref)) found.set(ref, user);
          }
        }
      }
    }
  };
  await lookup(unique.filter(looksLikeEmail), (email) => ({ email }));
  // A uid may contain '@': a reference not found as an email is tried as a uid, like findUser does.
  await lookup(
    unique.filter((ref) => !found.has(ref)),
    (uid) => ({ uid }),
  );
  return found;
}

/** Fresh records of many users by uid (100 per getUsers call); a uid missing from the map no longer exists. */
export async function usersByUid(auth: CliAuth, uids: readonly string[]): Promise<Map<string, UserRecord>> {
  const found = new Map<string, UserRecord>();
  for (let i = 0; i < uids.length; i += 100) {
    const chunk = uids.slice(i, i + 100);
    const result = await withRetry(() => auth.getUsers(chunk.map((uid) => ({ uid }))));
    for (const user of result.users) found.set(user.uid, user);
  }
  return found;
}
