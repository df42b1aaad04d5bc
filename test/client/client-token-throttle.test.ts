import { describe, expect, it } from "vitest";
import { PartnerClient } from "@partner-api/client";
import { recordingFetch } from "../support/client-traffic.js";
import { partnerCredential, requestToken, wrongSecret } from "../support/credentials.js";
import { API_ROOT, TEST_TOKEN_FAILURES_PER_SOURCE } from "../support/stack.js";

describe("PartnerClient at a throttled token endpoint", () => {
  it(
    "waits out a 429's Retry-After at the token endpoint, then authenticates and answers",
    { timeout: 120_000 },
    async () => {
      const credential = await partnerCredential();
      // Failed secrets from this source (on the stack, every caller's) until the endpoint throttles it.
      let throttled = false;
      for (let failure = 0; failure < TEST_TOKEN_FAILURES_PER_SOURCE * 8 && !throttled; failure++) {
        const refused = await requestToken({
          grant_type: "client_credentials",
          client_id: credential.clientId,
          client_secret: wrongSecret(credential.clientSecret),
        });
        expect([401, 429]).toContain(refused.status);
        throttled = refused.status === 429;
      }
      expect(throttled).toBe(true);
      const traffic = recordingFetch();
      const client = new PartnerClient({ baseUrl: API_ROOT, ...credential, fetch: traffic.fetch });

      expect(await client.me()).toMatchObject({ uid: credential.clientId });
      const tokens = traffic.of("POST /v1/oauth/token");
      expect(tokens.map(({ status }) => status)).toEqual([429, 200]);
      const retryAfterSeconds = Number(tokens[0]?.responseHeaders.get("retry-after"));
      expect(retryAfterSeconds).toBeGreaterThan(0);
      expect((tokens[1]?.startedAt ?? 0) - (tokens[0]?.endedAt ?? 0)).toBeGreaterThanOrEqual(
        retryAfterSeconds * 1000,
      );
    },
  );
});
