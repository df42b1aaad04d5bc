import { doc, getDoc } from "firebase/firestore";
import { describe, expect, it } from "vitest";
import { firestoreAs } from "../support/client-sdk.js";
import { partnerCredential, requestToken } from "../support/credentials.js";
import { call, entryBody } from "../support/http.js";
import {
  adminDb,
  partnerSession,
  TEST_ACCESS_CACHE_SECONDS,
  TEST_USAGE_FLUSH_SECONDS,
  uniqueId,
} from "../support/stack.js";
import { CLI_TEST_TIMEOUT_MS, runClaims } from "./claims-cli.js";

// Partner administration as an admin runs it: the claims CLI against the stack's Auth and Firestore,
// and what the partner's API calls, direct Firestore reads and token requests meet afterwards.

/** The API's answer to the partner's GET /v1/me once it settles, within the access cache bound. */
async function meStatusWithin(token: string, expected: number): Promise<number> {
  const deadline = Date.now() + (TEST_ACCESS_CACHE_SECONDS + 2) * 1000;
  let status = 0;
  do {
    status = (await call("/me", { token })).status;
  } while (status !== expected && Date.now() < deadline);
  return status;
}

/** Whether the rules let the partner read one of its entries directly, now. */
async function directRead(token: string, path: string): Promise<"allowed" | "denied"> {
  const session = firestoreAs(token);
  try {
    await getDoc(doc(session.service, path));
    return "allowed";
  } catch (error) {
    if ((error as { code?: string }).code === "permission-denied") return "denied";
    throw error;
  } finally {
    await session.close();
  }
}

describe("partners CLI on the stack", () => {
  it(
    "suspend refuses the API within the cache bound, direct access and new machine tokens at once; activate restores all, both audited",
    async () => {
      const partner = await partnerSession();
      const created = await call("/entries", { method: "POST", token: partner.token, body: entryBody() });
      const entryPath = `partners/${partner.partnerId}/entries/${created.body.id}`;
      const credential = await partnerCredential();
      expect(await directRead(partner.token, entryPath)).toBe("allowed");

      const suspended = await runClaims(["partners", "suspend", partner.partnerId]);
      expect(suspended.status).toBe(0);
      expect(suspended.stdout).toContain(`Suspended partner ${partner.partnerId}`);
      expect(await directRead(partner.token, entryPath)).toBe("denied");
      expect(await meStatusWithin(partner.token, 403)).toBe(403);

      expect((await runClaims(["partners", "suspend", credential.partnerId])).status).toBe(0);
      const refusedToken = await requestToken({
        grant_type: "client_credentials",
        client_id: credential.clientId,
        client_secret: credential.clientSecret,
      });
      expect(refusedToken.body).toMatchObject({ error: "unauthorized_client" });

      const listed = await runClaims(["partners", "list", "--status", "suspended", "--json"]);
      const ids = (JSON.parse(listed.stdout) as { id: string }[]).map(({ id }) => id);
      expect(ids).toEqual(expect.arrayContaining([partner.partnerId, credential.partnerId]));

      expect((await runClaims(["partners", "activate", partner.partnerId])).status).toBe(0);
      expect((await runClaims(["partners", "activate", credential.partnerId])).status).toBe(0);
      expect(await directRead(partner.token, entryPath)).toBe("allowed");
      expect(await meStatusWithin(partner.token, 200)).toBe(200);
      const issued = await requestToken({
        grant_type: "client_credentials",
        client_id: credential.clientId,
        client_secret: credential.clientSecret,
      });
      expect(issued.status).toBe(200);

      const audit = await adminDb().collection("auditLogs").where("partnerId", "==", partner.partnerId).get();
      expect(
        audit.docs
          .map((record) => record.data())
          .filter(({ action }) => String(action).startsWith("partner."))
          .map(({ action, state }) => `${action} ${state}`)
          .sort(),
      ).toEqual(["partner.activate applied", "partner.suspend applied"]);
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    "sets a quota and shows the partner and its usage as the API counted it; an unknown partner is exit 2",
    async () => {
      const partner = await partnerSession();
      expect((await runClaims(["partners", "set-quota", partner.partnerId, "1000"])).status).toBe(0);
      for (let index = 0; index < 3; index++)
        expect((await call("/me", { token: partner.token })).status).toBe(200);
      const deadline = Date.now() + 2 * TEST_USAGE_FLUSH_SECONDS * 1000 + 10_000;
      let shown: { dailyRequestQuota: number; users: { uid: string }[]; usageToday: { requests: number } };
      do {
        await new Promise((resolve) => setTimeout(resolve, TEST_USAGE_FLUSH_SECONDS * 1000));
        shown = JSON.parse((await runClaims(["partners", "show", partner.partnerId, "--json"])).stdout);
      } while (shown.usageToday.requests < 3 && Date.now() < deadline);
      expect(shown).toMatchObject({ status: "active", dailyRequestQuota: 1000, usageToday: { requests: 3 } });
      expect(shown.users.map(({ uid }) => uid)).toEqual([partner.uid]);
      const usage = await runClaims(["usage", "--partner", partner.partnerId, "--json"]);
      const days = (
        JSON.parse(usage.stdout) as { data: { requests: number; byRoute: Record<string, number> }[] }
      ).data;
      expect(days).toHaveLength(7);
      expect(days.at(-1)).toMatchObject({ requests: 3, byRoute: { "GET /v1/me": 3 } });
      const unknown = await runClaims(["partners", "show", uniqueId("nobody")]);
      expect(unknown.status).toBe(2);
      expect(unknown.stderr).toMatch(/no partner/);
    },
    CLI_TEST_TIMEOUT_MS,
  );
});
