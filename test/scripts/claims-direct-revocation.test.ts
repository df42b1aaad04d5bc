import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { parseRules } from "@partner-api/rules-engine";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../scripts/stack/stack-config.js";
import { adminDb, createUser, signIn, uniqueId } from "../support/stack.js";
import { CLI_TEST_TIMEOUT_MS, runClaims } from "./claims-cli.js";

const DOCUMENTS = "/databases/(default)/documents";
const rules = parseRules(readFileSync(`${REPO_ROOT}/firestore.rules`, "utf8"));

/** The claims of a real ID token from the Auth emulator, as the rules see them in request.auth.token. */
function tokenClaims(idToken: string): Record<string, unknown> {
  const payload = idToken.split(".")[1] ?? "";
  return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
}

/** The stored documents a partner's entry read depends on, as the CLI left them in the emulator. */
async function storedDocuments(
  partnerId: string,
  uid: string,
): Promise<Record<string, Record<string, unknown>>> {
  const documents: Record<string, Record<string, unknown>> = {};
  for (const path of [`partners/${partnerId}`, `revocations/${uid}`]) {
    const data = (await adminDb().doc(path).get()).data();
    if (data) documents[`${DOCUMENTS}/${path}`] = data;
  }
  return documents;
}

/** Whether firestore.rules let this token read an entry of the partner, given the stored documents. */
function mayReadEntry(
  idToken: string,
  partnerId: string,
  documents: Record<string, Record<string, unknown>>,
) {
  const claims = tokenClaims(idToken);
  return rules.evaluate({
    path: `${DOCUMENTS}/partners/${partnerId}/entries/e1`,
    method: "get",
    auth: { uid: String(claims.sub), token: claims },
    resource: { partnerId },
    requestResource: null,
    documents,
  }).allowed;
}

describe(
  "claims CLI: older tokens stop working on the direct path too",
  { timeout: CLI_TEST_TIMEOUT_MS },
  () => {
    it("after revoke, firestore.rules refuse a token issued before it, because of the revocation the CLI stored", async () => {
      const partnerId = uniqueId("direct");
      const user = await createUser();
      expect((await runClaims(["grant", user.uid, "--partner", partnerId])).status).toBe(0);
      const before = await signIn(user);
      expect(mayReadEntry(before, partnerId, await storedDocuments(partnerId, user.uid))).toBe(true);
      // Auth keeps the revocation cut-off in whole seconds: a token from the same second would still pass.
      await sleep(1100);

      const result = await runClaims(["revoke", user.uid]);

      expect(result.status).toBe(0);
      expect(result.stdout).toContain("tokens issued before stop working (API and direct access)");
      const documents = await storedDocuments(partnerId, user.uid);
      expect(mayReadEntry(before, partnerId, documents)).toBe(false);
      // The token still carries the partner claims: without the stored revocation the rules would allow it.
      const { [`${DOCUMENTS}/revocations/${user.uid}`]: revocation, ...withoutRevocation } = documents;
      expect(revocation).toBeDefined();
      expect(mayReadEntry(before, partnerId, withoutRevocation)).toBe(true);
    });

    it("after a grant that moves the user, the old token is refused and a new sign-in reads the new partner", async () => {
      const oldPartner = uniqueId("from");
      const newPartner = uniqueId("to");
      const user = await createUser();
      expect((await runClaims(["grant", user.uid, "--partner", oldPartner])).status).toBe(0);
      const before = await signIn(user);
      await sleep(1100);

      expect((await runClaims(["grant", user.uid, "--partner", newPartner])).status).toBe(0);
      const after = await signIn(user);

      expect(mayReadEntry(before, oldPartner, await storedDocuments(oldPartner, user.uid))).toBe(false);
      expect(mayReadEntry(after, oldPartner, await storedDocuments(oldPartner, user.uid))).toBe(false);
      expect(mayReadEntry(after, newPartner, await storedDocuments(newPartner, user.uid))).toBe(true);
    });
  },
);
