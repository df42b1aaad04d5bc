import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { PartnerClient } from "@partner-api/client";
import { recordingFetch, withTokenLifetime, type Rewrite } from "../support/client-traffic.js";
import { partnerCredential } from "../support/credentials.js";
import { API_ROOT, partnerSession } from "../support/stack.js";

// The Auth emulator's ID tokens live an hour. The client trusts the endpoint's `expires_in`, so these
// tests shorten what it states (recordingFetch rewrites the answer) to watch the client across expiry.
const SHORT_LIFETIME_SECONDS = 2;

const bearer = (headers: Headers) => headers.get("authorization");

describe("PartnerClient authentication against the stack", () => {
  it("fetches a new token once the stated lifetime is (nearly) over, and keeps working", async () => {
    const credential = await partnerCredential();
    const traffic = recordingFetch(withTokenLifetime(SHORT_LIFETIME_SECONDS));
    const client = new PartnerClient({ baseUrl: API_ROOT, ...credential, fetch: traffic.fetch });

    const first = await client.me();
    // Past half of a 2 s lifetime the client refreshes ahead of expiry (token-cache.ts; its unit tests
    // show the reuse before that point on a fake clock, which a loaded machine cannot time here). The
    // wait is over a second, so the Auth emulator's new token has a later iat and differs from the first.
    await sleep(1200);
    const second = await client.me();
    expect(traffic.of("POST /v1/oauth/token").map(({ status }) => status)).toEqual([200, 200]);
    const [before, after] = traffic.of("GET /v1/me").map(({ headers }) => bearer(headers));
    expect(after).not.toBe(before);
    expect(second).toMatchObject({ uid: credential.clientId, partnerId: credential.partnerId });
    expect(Date.parse(second.tokenExpiresAt)).toBeGreaterThan(Date.parse(first.tokenExpiresAt));
  });

  it("shares one token request among concurrent calls", async () => {
    const credential = await partnerCredential();
    const traffic = recordingFetch();
    const client = new PartnerClient({ baseUrl: API_ROOT, ...credential, fetch: traffic.fetch });
    const answers = await Promise.all([client.me(), client.me(), client.entries.page(), client.me()]);
    expect(answers).toHaveLength(4);
    expect(traffic.of("POST /v1/oauth/token")).toHaveLength(1);
    expect(new Set(traffic.exchanges.slice(1).map((exchange) => bearer(exchange.headers))).size).toBe(1);
  });

  it("fetches a new token and retries once when the API refuses the cached one with 401", async () => {
    const credential = await partnerCredential();
    let corrupted = false;
    // The first token the endpoint issues arrives damaged, as if revoked before its stated expiry.
    const damageFirstToken: Rewrite = async (request, response) => {
      if (corrupted || !request.url.endsWith("/v1/oauth/token")) return undefined;
      corrupted = true;
      const body = (await response.json()) as Record<string, unknown>;
      return Response.json({ ...body, access_token: "not-a-token" }, { status: response.status });
    };
    const traffic = recordingFetch(damageFirstToken);
    const client = new PartnerClient({ baseUrl: API_ROOT, ...credential, fetch: traffic.fetch });

    expect(await client.me()).toMatchObject({ uid: credential.clientId });
    expect(traffic.exchanges.map(({ method, path, status }) => `${method} ${path} ${status}`)).toEqual([
      "POST /v1/oauth/token 200",
      "GET /v1/me 401",
      "POST /v1/oauth/token 200",
      "GET /v1/me 200",
    ]);
    expect(traffic.of("GET /v1/me").map((exchange) => exchange.headers.get("x-request-id"))).toEqual([
      expect.any(String),
      traffic.of("GET /v1/me")[0]?.headers.get("x-request-id"),
    ]);
  });

  it("calls a caller's getToken before each request, and with forceRefresh after a 401", async () => {
    const partner = await partnerSession();
    const calls: boolean[] = [];
    const client = new PartnerClient({
      baseUrl: API_ROOT,
      getToken: async (forceRefresh) => {
        calls.push(forceRefresh);
        return calls.length === 1 ? "stale-token" : partner.token;
      },
    });
    expect(await client.me()).toMatchObject({ uid: partner.uid, partnerId: partner.partnerId });
    expect(await client.entries.page()).toEqual({ data: [], nextPageToken: null });
    expect(calls).toEqual([false, true, false]);
  });
});
