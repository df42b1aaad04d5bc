import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../scripts/stack/stack-config.js";
import { clientCredentialsExample } from "../../scripts/stack/token-example.js";
import { collection, doc, getDoc, getDocs, limit, query, serverTimestamp, setDoc } from "firebase/firestore";
import { revokeCredential, rotateCredential } from "partner-api-functions/credential-admin";
import { firestoreAs } from "../support/client-sdk.js";
import { call, entryBody } from "../support/http.js";
import {
  basicAuth,
  credentialAdmin,
  partnerCredential,
  requestToken,
  tokenAuditLogs,
  tokenClaims,
  type TokenResponse,
} from "../support/credentials.js";
import { adminDb, entryCount, TEST_ACCESS_CACHE_SECONDS } from "../support/stack.js";
import { newClientId, newClientSecret } from "partner-api-functions/client-secret";

const GRANT = { grant_type: "client_credentials" };

function expectToken(response: TokenResponse, scope: string) {
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  expect(response.headers.get("cache-control")).toBe("no-store");
  expect(response.headers.get("pragma")).toBe("no-cache");
  expect(response.body).toEqual({
    access_token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]*$/),
    token_type: "Bearer",
    expires_in: 3600,
    scope,
  });
  expect(response.body).not.toHaveProperty("refresh_token");
}

function expectOAuthError(response: TokenResponse, status: number, error: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  expect(response.headers.get("cache-control")).toBe("no-store");
  expect(response.body).toEqual({ error, error_description: expect.any(String) });
  // RFC 6749 §5.2: the description is printable ASCII without '"' and '\'.
  expect(response.body.error_description).toMatch(/^[\x20\x21\x23-\x5b\x5d-\x7e]+$/);
}

function expectInvalidClient(response: TokenResponse) {
  expectOAuthError(response, 401, "invalid_client");
  expect(response.headers.get("www-authenticate")).toBe('Basic realm="partner-api"');
  expect(response.body.error_description).toBe("Client authentication failed.");
}

async function statusWithin(token: string, expected: number, boundMs: number): Promise<number> {
  const deadline = Date.now() + boundMs;
  let status = 0;
  while (Date.now() < deadline) {
    status = (await call("/me", { token })).status;
    if (status === expected) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return status;
}

describe("POST /v1/oauth/token", () => {
  it("issues an ID token for HTTP Basic client authentication that /v1/me accepts as the partner", async () => {
    const client = await partnerCredential({ scopes: ["entries:read", "entries:write"] });
    const response = await requestToken(GRANT, {
      headers: {
        authorization: basicAuth(client.clientId, client.clientSecret),
        "x-request-id": "tok-basic-1",
      },
    });
    expectToken(response, "entries:read entries:write");
    const me = await call("/me", { token: response.body.access_token });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      uid: client.clientId,
      partnerId: client.partnerId,
      scopes: ["entries:read", "entries:write"],
      tokenExpiresAt: expect.any(String),
    });
    // The token carries exactly the stored claims: no extra developer claims from the custom token.
    const claims = tokenClaims(response.body.access_token);
    expect(claims).toMatchObject({ role: "partner", partnerId: client.partnerId, sub: client.clientId });
    expect(claims).not.toHaveProperty("claims");
    const logs = await tokenAuditLogs(client.clientId);
    expect(logs).toEqual([
      expect.objectContaining({ partnerId: client.partnerId, requestId: "tok-basic-1" }),
    ]);
    expect(JSON.stringify(logs)).not.toContain(response.body.access_token);
    expect(JSON.stringify(logs)).not.toContain(client.clientSecret);
  });

  it("runs the client-credentials example npm start prints, exactly as printed", async () => {
    const client = await partnerCredential();
    const script = clientCredentialsExample(client);
    const { stdout } = await promisify(execFile)("bash", ["-c", script], { cwd: REPO_ROOT, timeout: 30_000 });
    expect(JSON.parse(stdout)).toMatchObject({
      partnerId: client.partnerId,
      scopes: ["entries:read", "entries:write"],
    });
  });

  it("issues a token for client_id and client_secret form fields, usable on the entries routes", async () => {
    const client = await partnerCredential({ scopes: ["entries:read"] });
    const response = await requestToken({
      ...GRANT,
      client_id: client.clientId,
      client_secret: client.clientSecret,
    });
    expectToken(response, "entries:read");
    const list = await call("/entries", { token: response.body.access_token });
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ data: [], nextPageToken: null });
  });

  it("issues a narrower token for a narrower scope: the API and the direct path hold it to that scope", async () => {
    const client = await partnerCredential({ scopes: ["entries:read", "entries:write"] });
    const response = await requestToken(
      { ...GRANT, scope: "entries:read" },
      {
        headers: { authorization: basicAuth(client.clientId, client.clientSecret) },
      },
    );
    expectToken(response, "entries:read");
    const bearer = response.body.access_token as string;
    expect(tokenClaims(bearer)).toMatchObject({
      scopes: ["entries:read", "entries:write"],
      tokenScopes: ["entries:read"],
    });
    expect((await call("/me", { token: bearer })).body.scopes).toEqual(["entries:read"]);
    expect((await call("/entries", { token: bearer })).status).toBe(200);
    const create = await call("/entries", { method: "POST", token: bearer, body: entryBody() });
    expect(create.status).toBe(403);
    const sdk = firestoreAs(bearer);
    try {
      await expect(
        setDoc(doc(sdk.service, `partners/${client.partnerId}/entries/e_narrowed`), {
          ...entryBody(),
          partnerId: client.partnerId,
          status: "posted",
          version: 1,
          occurredAt: new Date(String(entryBody().occurredAt)),
          createdAt: serverTimestamp(),
          updatedAt: serverTimestamp(),
        }),
      ).rejects.toMatchObject({ code: "permission-denied" });
      const listed = await getDocs(
        query(collection(sdk.service, `partners/${client.partnerId}/entries`), limit(5)),
      );
      expect(listed.docs).toEqual([]);
    } finally {
      await sdk.close();
    }
    expect(await entryCount(client.partnerId)).toBe(0);
  });

  it("answers invalid_scope for a scope wider than granted, and issues nothing", async () => {
    const client = await partnerCredential({ scopes: ["entries:read"] });
    const authorization = basicAuth(client.clientId, client.clientSecret);
    for (const scope of ["entries:read entries:write", "entries:delete"]) {
      const response = await requestToken({ ...GRANT, scope }, { headers: { authorization } });
      expectOAuthError(response, 400, "invalid_scope");
    }
    expect(await tokenAuditLogs(client.clientId)).toEqual([]);
  });

  it("answers invalid_client alike for a wrong secret, an unknown client and a revoked client", async () => {
    const client = await partnerCredential();
    const revoked = await partnerCredential();
    await revokeCredential(credentialAdmin(), revoked.clientId);
    const attempts = [
      basicAuth(client.clientId, newClientSecret()),
      basicAuth(newClientId(), client.clientSecret),
      basicAuth(revoked.clientId, revoked.clientSecret),
      basicAuth("acme", "hunter2"),
    ];
    const answers = [];
    for (const authorization of attempts)
      answers.push(await requestToken(GRANT, { headers: { authorization } }));
    for (const answer of answers) {
      expectInvalidClient(answer);
      expect(answer.body).toEqual(answers[0]?.body);
    }
    expectInvalidClient(await requestToken({ ...GRANT, client_id: client.clientId }));
    expectInvalidClient(await requestToken(GRANT));
    expect(await tokenAuditLogs(client.clientId)).toEqual([]);
    expect(await tokenAuditLogs(revoked.clientId)).toEqual([]);
  });

  it("answers unauthorized_client for a suspended partner's client", async () => {
    const client = await partnerCredential({ status: "suspended" });
    const response = await requestToken({
      ...GRANT,
      client_id: client.clientId,
      client_secret: client.clientSecret,
    });
    expectOAuthError(response, 400, "unauthorized_client");
    expect(response.body.error_description).toMatch(/suspended/);
    expect(await tokenAuditLogs(client.clientId)).toEqual([]);
  });

  it("answers unsupported_grant_type for other grants", async () => {
    const client = await partnerCredential();
    const authorization = basicAuth(client.clientId, client.clientSecret);
    for (const grant_type of ["password", "refresh_token", "authorization_code"]) {
      expectOAuthError(
        await requestToken({ grant_type }, { headers: { authorization } }),
        400,
        "unsupported_grant_type",
      );
    }
  });

  it("answers invalid_request for malformed bodies, and issues nothing", async () => {
    const client = await partnerCredential();
    const authorization = basicAuth(client.clientId, client.clientSecret);
    const form = "application/x-www-form-urlencoded";
    const cases: [string, Record<string, string>][] = [
      ["", { "content-type": form }],
      ["scope=entries%3Aread", { "content-type": form }],
      ["grant_type=client_credentials&grant_type=client_credentials", { "content-type": form }],
      ['{"grant_type":"client_credentials"}', { "content-type": "application/json" }],
      ["grant_type=client_credentials", { "content-type": "text/plain" }],
      [`grant_type=client_credentials&client_secret=${client.clientSecret}`, { "content-type": form }],
    ];
    for (const [body, headers] of cases) {
      expectOAuthError(
        await requestToken(body, { headers: { authorization, ...headers } }),
        400,
        "invalid_request",
      );
    }
    expect(await tokenAuditLogs(client.clientId)).toEqual([]);
  });

  it("answers 405 with Allow for another method on the token route", async () => {
    const response = await call("/oauth/token");
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
  });

  it("keeps the old secret working for the rotation's overlap, then only the new one", async () => {
    const client = await partnerCredential();
    const rotated = await rotateCredential(credentialAdmin(), client.clientId, 3000);
    const attempt = (secret: string) =>
      requestToken(GRANT, { headers: { authorization: basicAuth(client.clientId, secret) } });
    expectToken(await attempt(client.clientSecret), "entries:read entries:write");
    expectToken(await attempt(rotated.clientSecret), "entries:read entries:write");
    await new Promise((resolve) =>
      setTimeout(resolve, Date.parse(rotated.oldSecretValidUntil) - Date.now() + 100),
    );
    expectInvalidClient(await attempt(client.clientSecret));
    expectToken(await attempt(rotated.clientSecret), "entries:read entries:write");
  });

  it("refuses a revoked client at once and its issued token on the API within the cache bound", async () => {
    const client = await partnerCredential();
    const authorization = basicAuth(client.clientId, client.clientSecret);
    const issued = await requestToken(GRANT, { headers: { authorization } });
    expectToken(issued, "entries:read entries:write");
    expect((await call("/me", { token: issued.body.access_token })).status).toBe(200);
    // Revocation is recorded in whole seconds; a token from the same second would still be valid.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const revoked = await revokeCredential(credentialAdmin(), client.clientId);
    expectInvalidClient(await requestToken(GRANT, { headers: { authorization } }));
    expect(await statusWithin(issued.body.access_token, 401, (TEST_ACCESS_CACHE_SECONDS + 2) * 1000)).toBe(
      401,
    );
    const record = (await adminDb().doc(`revocations/${client.clientId}`).get()).data();
    expect(record?.revokedAt).toBe(Date.parse(revoked.tokensValidAfter) / 1000);
    expect(record?.revokedAt).toBeGreaterThan(Number(tokenClaims(issued.body.access_token).auth_time));
  });
});

describe("an issued token on the direct path", () => {
  it("reads its partner's entries from the stack's Firestore under the rules, and is refused another tenant's", async () => {
    const client = await partnerCredential({ scopes: ["entries:read"] });
    const other = await partnerCredential({ scopes: ["entries:read"] });
    const issued = await requestToken(GRANT, {
      headers: { authorization: basicAuth(client.clientId, client.clientSecret) },
    });
    expectToken(issued, "entries:read");
    const stored = {
      ...entryBody(),
      status: "posted",
      version: 1,
      createdAt: new Date(),
      updatedAt: new Date(),
    };
    for (const partnerId of [client.partnerId, other.partnerId]) {
      await adminDb()
        .doc(`partners/${partnerId}/entries/e_direct`)
        .set({ ...stored, partnerId });
    }
    const sdk = firestoreAs(issued.body.access_token);
    try {
      const own = await getDoc(doc(sdk.service, `partners/${client.partnerId}/entries/e_direct`));
      expect(own.data()).toMatchObject({ partnerId: client.partnerId, amountMinor: entryBody().amountMinor });
      await expect(
        getDoc(doc(sdk.service, `partners/${other.partnerId}/entries/e_direct`)),
      ).rejects.toMatchObject({
        code: "permission-denied",
      });
    } finally {
      await sdk.close();
    }
  });
});
