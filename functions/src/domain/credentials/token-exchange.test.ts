import { describe, expect, it } from "vitest";
import { createInMemoryClientCredentials } from "../../data/credentials/in-memory-client-credentials.js";
import type { Partner } from "../access/ports.js";
import { OAuthError } from "../../oauth-error.js";
import type { ClientCredential } from "./ports.js";
import { hashSecret, newClientId, newClientSecret } from "./client-secret.js";
import { createFailureThrottle } from "./failure-throttle.js";
import type { Scope } from "../access/partner-claims.js";
import {
  exchangeClientCredentials,
  type TokenExchangeDeps,
  type TokenIssuedEvent,
} from "./token-exchange.js";

const NOW = new Date("2026-11-30T10:00:00.000Z");

async function setup({ partnerStatus = "active" as Partner["status"] | null, perSource = 5 } = {}) {
  const credentials = createInMemoryClientCredentials();
  const clientId = newClientId();
  const secret = newClientSecret();
  const oldSecret = newClientSecret();
  const credential: ClientCredential = {
    clientId,
    partnerId: "acme",
    scopes: ["entries:read", "entries:write"],
    name: "back office",
    status: "active",
    secrets: [
      {
        hash: hashSecret(oldSecret),
        createdAt: "2026-11-01T00:00:00.000Z",
        validUntil: "2026-11-30T09:00:00.000Z",
      },
      { hash: hashSecret(secret), createdAt: "2026-11-29T00:00:00.000Z", validUntil: null },
    ],
    createdAt: "2026-11-01T00:00:00.000Z",
    revokedAt: null,
  };
  await credentials.create(credential);
  const minted: string[] = [];
  const mintedTokenScopes: (Scope[] | null)[] = [];
  const audited: TokenIssuedEvent[] = [];
  let userRefused = false;
  const reads: string[] = [];
  const deps: TokenExchangeDeps = {
    credentials: {
      ...credentials,
      get: (id) => {
        reads.push(id);
        return credentials.get(id);
      },
    },
    getPartner: async (id) =>
      partnerStatus && id === "acme" ? { id, status: partnerStatus, dailyRequestQuota: null } : null,
    // The user's claims and the developer claim, as Identity Toolkit puts them in the ID token.
    mintIdToken: async (uid, tokenScopes) => {
      if (userRefused) return null;
      minted.push(uid);
      mintedTokenScopes.push(tokenScopes);
      const claims = {
        role: "partner",
        partnerId: "acme",
        scopes: credential.scopes,
        ...(tokenScopes ? { tokenScopes } : {}),
      };
      return { idToken: `id-token-of-${uid}`, expiresInSeconds: 3600, claims };
    },
    throttle: createFailureThrottle({ perSource, windowSeconds: 60 }),
    audit: async (event) => void audited.push(event),
    clock: () => NOW,
  };
  const request = (overrides: Partial<Parameters<typeof exchangeClientCredentials>[1]> = {}) =>
    exchangeClientCredentials(deps, {
      clientId,
      clientSecret: secret,
      scopes: null,
      source: "203.0.113.1",
      requestId: "req-1",
      ...overrides,
    });
  const refusal = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(OAuthError);
    return error as OAuthError;
  };
  return {
    credentials,
    clientId,
    secret,
    oldSecret,
    minted,
    mintedTokenScopes,
    audited,
    reads,
    request,
    refusal,
    refuseUser: () => (userRefused = true),
  };
}

describe("exchangeClientCredentials", () => {
  it("issues the credential user's ID token with all its scopes, and audits it by client and request id", async () => {
    const { request, clientId, minted, audited } = await setup();
    const issued = await request();
    expect(issued).toEqual({
      accessToken: `id-token-of-${clientId}`,
      partnerId: "acme",
      expiresIn: 3600,
      scopes: ["entries:read", "entries:write"],
    });
    expect(minted).toEqual([clientId]);
    expect(audited).toEqual([
      {
        action: "credentials.token",
        clientId,
        partnerId: "acme",
        scopes: ["entries:read", "entries:write"],
        requestId: "req-1",
        expiresAt: "2026-11-30T11:00:00.000Z",
      },
    ]);
    expect(JSON.stringify(audited)).not.toContain("id-token-of");
  });

  it("mints a narrower token for a narrower scope and answers with the scopes the token carries", async () => {
    const { request, audited, mintedTokenScopes } = await setup();
    expect((await request({ scopes: ["entries:read"] })).scopes).toEqual(["entries:read"]);
    expect(mintedTokenScopes).toEqual([["entries:read"]]);
    expect(audited[0]?.scopes).toEqual(["entries:read"]);
    // Every scope asked for, in any order or repeated, is no narrowing: the token carries no tokenScopes.
    expect((await request({ scopes: ["entries:write", "entries:read", "entries:write"] })).scopes).toEqual([
      "entries:read",
      "entries:write",
    ]);
    expect(mintedTokenScopes).toEqual([["entries:read"], null]);
  });

  it("refuses a scope the credential lacks, or an unknown one, as invalid_scope without minting", async () => {
    const { request, refusal, credentials, clientId, minted } = await setup();
    await credentials.update(clientId, (current) => ({ ...current, scopes: ["entries:read"] }));
    const wider = await refusal(request({ scopes: ["entries:read", "entries:write"] }));
    expect(wider.toJSON()).toEqual({
      error: "invalid_scope",
      error_description: expect.stringContaining("entries:write"),
    });
    expect(wider.status).toBe(400);
    expect((await refusal(request({ scopes: ["ledger:all"] }))).toJSON()).toEqual({
      error: "invalid_scope",
      error_description:
        "Unknown scope 'ledger:all'; known scopes: entries:read entries:write webhooks:manage.",
    });
    expect(minted).toEqual([]);
  });

  it("answers invalid_client alike for a wrong secret, an unknown client and a malformed one", async () => {
    const { request, refusal, minted, audited } = await setup({ perSource: 100 });
    const answers = await Promise.all([
      refusal(request({ clientSecret: newClientSecret() })),
      refusal(request({ clientId: newClientId() })),
      refusal(request({ clientId: "acme" })),
      refusal(request({ clientSecret: "hunter2" })),
    ]);
    for (const answer of answers) {
      expect(answer.status).toBe(401);
      expect(answer.toJSON()).toEqual(answers[0]?.toJSON());
      expect(answer.headers).toEqual({ "WWW-Authenticate": 'Basic realm="partner-api"' });
    }
    expect(minted).toEqual([]);
    expect(audited).toEqual([]);
  });

  it("refuses a malformed client id or secret without reading the store, and counts it as a failure", async () => {
    const { request, refusal, reads } = await setup({ perSource: 2 });
    expect((await refusal(request({ clientId: "acme" }))).code).toBe("invalid_client");
    expect((await refusal(request({ clientSecret: "hunter2" }))).code).toBe("invalid_client");
    expect(reads).toEqual([]);
    expect((await refusal(request())).status).toBe(429);
    expect(reads).toEqual([]);
  });

  it("accepts a rotated-out secret until its end, and not after", async () => {
    const { request, refusal, credentials, clientId, oldSecret } = await setup();
    expect((await refusal(request({ clientSecret: oldSecret }))).code).toBe("invalid_client");
    await credentials.update(clientId, (current) => ({
      ...current,
      secrets: current.secrets.map((secret) => ({ ...secret, validUntil: "2026-11-30T10:00:01.000Z" })),
    }));
    expect((await request({ clientSecret: oldSecret })).partnerId).toBe("acme");
  });

  it("refuses a revoked client even with its secret", async () => {
    const { request, refusal, credentials, clientId, minted } = await setup();
    await credentials.update(clientId, (current) => ({ ...current, status: "revoked" }));
    expect((await refusal(request())).code).toBe("invalid_client");
    expect(minted).toEqual([]);
  });

  it("answers unauthorized_client for a suspended or missing partner, without minting", async () => {
    for (const partnerStatus of ["suspended", null] as const) {
      const { request, refusal, minted } = await setup({ partnerStatus });
      const refused = await refusal(request());
      expect(refused.toJSON()).toEqual({
        error: "unauthorized_client",
        error_description: expect.stringMatching(/suspended/),
      });
      expect(refused.status).toBe(400);
      expect(minted).toEqual([]);
    }
  });

  it("answers invalid_client when Auth refuses the user (revoked while the request ran)", async () => {
    const { request, refusal, refuseUser, audited } = await setup();
    refuseUser();
    expect((await refusal(request())).code).toBe("invalid_client");
    expect(audited).toEqual([]);
  });

  it("never refuses a correct secret for failures of its client id from other sources", async () => {
    const { request, refusal } = await setup({ perSource: 3 });
    for (let source = 0; source < 20; source++) {
      const wrong = request({ clientSecret: newClientSecret(), source: `198.51.100.${source}` });
      expect((await refusal(wrong)).code).toBe("invalid_client");
    }
    expect((await request()).partnerId).toBe("acme");
  });

  it("slows a failing source down, a correct secret included, with Retry-After up to the window's end", async () => {
    const { request, refusal } = await setup({ perSource: 3 });
    for (let i = 0; i < 3; i++) {
      expect((await refusal(request({ clientSecret: newClientSecret() }))).code).toBe("invalid_client");
    }
    const limited = await refusal(request());
    expect(limited.status).toBe(429);
    expect(limited.code).toBe("temporarily_unavailable");
    expect(limited.description).toBe(
      `Too many failed attempts; retry in ${limited.headers["Retry-After"]} s.`,
    );
    expect(Number(limited.headers["Retry-After"])).toBeGreaterThan(0);
    expect(Number(limited.headers["Retry-After"])).toBeLessThanOrEqual(60);
  });

  it("slows a source down across client ids, and counts unknown client ids like known ones", async () => {
    const { request, refusal } = await setup({ perSource: 2 });
    await refusal(request({ clientId: newClientId() }));
    await refusal(request({ clientId: newClientId() }));
    expect((await refusal(request())).status).toBe(429);
    expect((await request({ source: "198.51.100.9" })).partnerId).toBe("acme");
  });
});
