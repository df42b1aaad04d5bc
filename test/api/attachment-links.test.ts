import { setTimeout as sleep } from "node:timers/promises";
import { getBytes, getDownloadURL, ref, uploadBytes } from "firebase/storage";
import { describe, expect, it } from "vitest";
import { storageAs } from "../support/client-sdk.js";
import { partnerCredential, requestToken, tokenClaims } from "../support/credentials.js";
import { entryBody } from "../support/http.js";
import { adminDb, createUser, partnerSession, signIn, type PartnerSession } from "../support/stack.js";
import { CLI_TEST_TIMEOUT_MS, runClaims } from "../scripts/claims-cli.js";

const PDF = new TextEncoder().encode("%PDF-1.4 attachment");

/** An entry of the partner, as the API stores it (storage.rules only ask that it exists). */
async function createEntry(partnerId: string, entryId: string): Promise<void> {
  const now = new Date();
  await adminDb()
    .doc(`partners/${partnerId}/entries/${entryId}`)
    .set({ ...entryBody(), partnerId, status: "posted", version: 1, createdAt: now, updatedAt: now });
}

/** Uploads an attachment with the JS SDK under storage.rules, as `idToken`; returns its name and URL. */
async function uploadAttachment(partnerId: string, idToken: string): Promise<{ name: string; url: string }> {
  const entryId = `e-${Date.now()}`;
  await createEntry(partnerId, entryId);
  const name = `partners/${partnerId}/attachments/${entryId}/receipt.pdf`;
  const client = storageAs(idToken);
  try {
    await uploadBytes(ref(client.service, name), PDF, { contentType: "application/pdf" });
    return { name, url: await getDownloadURL(ref(client.service, name)) };
  } finally {
    await client.close();
  }
}

/** What a plain fetch of a download URL, with no credentials, gets. */
async function fetchUrl(url: string): Promise<{ status: number; body: string }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.text() };
}

/** The SDK's answer to a download as `idToken`: the bytes, or the error code. */
async function sdkDownload(name: string, idToken: string): Promise<string> {
  const client = storageAs(idToken);
  try {
    return new TextDecoder().decode(await getBytes(ref(client.service, name)));
  } catch (error) {
    return (error as { code: string }).code;
  } finally {
    await client.close();
  }
}

/**
 * Waits until the second after the one `idToken` was signed in: Auth keeps the revocation cut-off in whole
 * seconds, so a token from the revocation's own second would still pass the rules.
 */
async function pastSignInSecond(idToken: string): Promise<void> {
  const authTime = Number(tokenClaims(idToken).auth_time);
  await sleep(Math.max(0, (authTime + 1) * 1000 - Date.now() + 50));
}

/** A second user of the same partner, still active after the first one's revoke. */
async function colleague(partner: PartnerSession): Promise<string> {
  const user = await createUser({ role: "partner", partnerId: partner.partnerId, scopes: ["entries:read"] });
  return signIn(user);
}

// The product's promise: no download URL outlives the access of the partner that obtained it. The
// URL's token works past storage.rules, so whatever ends access (revoke, credentials revoke, partners
// suspend) gives each of the partner's attachments a new token nobody holds.
describe(
  "attachment download links end with the access that obtained them",
  { timeout: CLI_TEST_TIMEOUT_MS },
  () => {
    it("a revoked user's download URL stops working for plain fetch and the SDK, while a colleague gets a new one", async () => {
      const alice = await partnerSession();
      const { name, url } = await uploadAttachment(alice.partnerId, alice.token);
      expect(await fetchUrl(url)).toEqual({ status: 200, body: "%PDF-1.4 attachment" });
      const bobToken = await colleague(alice);
      await pastSignInSecond(alice.token);

      const revoked = await runClaims(["revoke", alice.email]);
      expect(revoked.status).toBe(0);

      expect((await fetchUrl(url)).status).toBe(403);
      expect(await sdkDownload(name, alice.token)).toBe("storage/unauthorized");
      const bob = storageAs(bobToken);
      try {
        const fresh = await getDownloadURL(ref(bob.service, name));
        expect(fresh).not.toBe(url);
        expect(await fetchUrl(fresh)).toEqual({ status: 200, body: "%PDF-1.4 attachment" });
      } finally {
        await bob.close();
      }
    });

    it("every download URL of a suspended partner's attachments stops working, and activation brings none back", async () => {
      const alice = await partnerSession();
      const { url } = await uploadAttachment(alice.partnerId, alice.token);
      expect((await fetchUrl(url)).status).toBe(200);

      const suspended = await runClaims(["partners", "suspend", alice.partnerId]);
      expect(suspended.status).toBe(0);
      expect(suspended.stdout).toContain("download tokens stripped from 1 object(s)");
      expect((await fetchUrl(url)).status).toBe(403);

      expect((await runClaims(["partners", "activate", alice.partnerId])).status).toBe(0);
      expect((await fetchUrl(url)).status).toBe(403);
    });

    it("the download URL a machine credential's upload obtained stops working when the credential is revoked", async () => {
      const credential = await partnerCredential();
      const token = await requestToken({
        grant_type: "client_credentials",
        client_id: credential.clientId,
        client_secret: credential.clientSecret,
      });
      expect(token.status).toBe(200);
      const { name, url } = await uploadAttachment(credential.partnerId, token.body.access_token as string);
      expect((await fetchUrl(url)).status).toBe(200);
      await pastSignInSecond(token.body.access_token as string);

      const revoked = await runClaims(["credentials", "revoke", credential.clientId]);
      expect(revoked.status).toBe(0);
      expect(revoked.stdout).toContain(`download links of 1 attachments of ${credential.partnerId} ended`);

      expect((await fetchUrl(url)).status).toBe(403);
      expect(await sdkDownload(name, token.body.access_token as string)).toBe("storage/unauthorized");
    });
  },
);
