import type { Auth } from "firebase-admin/auth";
import { CliError } from "./cli-error.js";

/**
 * Mints a fresh ID token for a user on the Auth emulator: a custom token from firebase-admin (unsigned on
 * the emulator), exchanged at the emulator's signInWithCustomToken endpoint. The emulator takes any API key.
 */
export async function emulatorIdToken(
  auth: Pick<Auth, "createCustomToken">,
  authEmulatorHost: string,
  projectId: string,
  uid: string,
  fetchImpl: typeof fetch = fetch,
): Promise<string> {
  const customToken = await auth.createCustomToken(uid);
  const url = `http://${authEmulatorHost}/identitytoolkit.googleapis.com/v1/accounts:signInWithCustomToken?key=emulator`;
  const response = await fetchImpl(url, {
    method: "POST",
    // An API key maps to the emulator's default project; naming the project (as an authenticated
    // admin) keeps the token in the CLI's project even when the emulator was started for another.
    headers: { "content-type": "application/json", authorization: "Bearer owner" },
    body: JSON.stringify({ token: customToken, returnSecureToken: true, targetProjectId: projectId }),
  });
  const body = (await response.json().catch(() => ({}))) as {
    idToken?: string;
    error?: { message?: string };
  };
  if (!response.ok || typeof body.idToken !== "string") {
    throw new CliError(
      "OPERATION_FAILED",
      `the Auth emulator refused the sign-in (${response.status}): ${body.error?.message ?? "no ID token"}`,
    );
  }
  return body.idToken;
}
