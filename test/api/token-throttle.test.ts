import { describe, expect, it } from "vitest";
import { newClientId, newClientSecret } from "partner-api-functions/client-secret";
import {
  basicAuth,
  partnerCredential,
  requestToken,
  tokenAuditLogs,
  type TokenResponse,
} from "../support/credentials.js";
import {
  adminDb,
  TEST_TOKEN_FAILURES_PER_SOURCE,
  TEST_TOKEN_FAILURE_WINDOW_SECONDS,
} from "../support/stack.js";

// The token endpoint's failure throttle on the stack, where nothing appends an X-Forwarded-For hop: the
// function counts failures per socket peer, so every request of this file is one source. It runs alone
// (STACK_FILES_ALONE), since its 429s would reach any suite asking for a token meanwhile.

const GRANT = { grant_type: "client_credentials" };

/** Fails from this source, with a fresh X-Forwarded-For on each request, until it answers 429. */
async function failUntilThrottled(authorization: () => string): Promise<TokenResponse | undefined> {
  for (let attempt = 0; attempt < TEST_TOKEN_FAILURES_PER_SOURCE * 8 + 1; attempt++) {
    const response = await requestToken(GRANT, {
      headers: { authorization: authorization(), "x-forwarded-for": `198.51.100.${attempt % 250}` },
    });
    if (response.status === 429) return response;
    expect(response.status).toBe(401);
  }
  return undefined;
}

describe("the token endpoint's failure throttle on the stack", () => {
  it("slows down a failing source across client ids, known or not, whatever X-Forwarded-For it sends, and writes nothing", async () => {
    const client = await partnerCredential();
    const before = (await adminDb().doc(`clientCredentials/${client.clientId}`).get()).updateTime;
    let attempts = 0;
    const limited = await failUntilThrottled(() =>
      // Alternate a known client id and unknown ones: they count alike.
      basicAuth(attempts++ % 2 === 0 ? client.clientId : newClientId(), newClientSecret()),
    );
    expect(limited?.status).toBe(429);
    expect(limited?.body).toEqual({
      error: "temporarily_unavailable",
      error_description: expect.stringMatching(/^Too many failed attempts; retry in \d+ s\.$/),
    });
    const retryAfter = Number(limited?.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(TEST_TOKEN_FAILURE_WINDOW_SECONDS);
    // A correct secret from the throttled source waits too: X-Forwarded-For does not make it another.
    const correct = await requestToken(GRANT, {
      headers: {
        authorization: basicAuth(client.clientId, client.clientSecret),
        "x-forwarded-for": "203.0.113.77",
      },
    });
    expect(correct.status).toBe(429);
    const after = (await adminDb().doc(`clientCredentials/${client.clientId}`).get()).updateTime;
    expect(after?.toMillis()).toBe(before?.toMillis());
    expect(await tokenAuditLogs(client.clientId)).toEqual([]);
  });
});
