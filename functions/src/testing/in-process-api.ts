import {
  createInMemoryLedgerRepository,
  type InMemoryLedgerRepository,
} from "../data/in-memory-ledger-repository.js";
import { createInMemoryClientCredentials } from "../data/in-memory-client-credentials.js";
import type { LedgerRepository } from "../data/ledger-repository.js";
import type { ClientCredentialStore } from "../domain/client-credentials.js";
import { createFailureThrottle } from "../domain/failure-throttle.js";
import { createPartnerAuthenticator } from "../domain/partner-access.js";
import type { Scope } from "../domain/partner-claims.js";
import { createPartnerRateLimiter } from "../domain/rate-limit.js";
import type { TokenIssuedEvent } from "../domain/token-exchange.js";
import { createApp } from "../http/app.js";
import { createFakeAuth, type FakeAuth } from "./fake-auth.js";
import { createFakeClock, type FakeClock } from "./fake-clock.js";
import { functionsRuntime, type RuntimeRequest, type TestResponse } from "./functions-runtime.js";

/**
 * The whole partner API in this process: the real `createApp` on the in-memory repository, a fake
 * Auth and a fake clock, behind the same body parsing the Cloud Functions runtime applies. Requests
 * go through light-my-request, so no port is bound.
 */
export interface InProcessApi {
  request(method: string, path: string, options?: RequestOptions): Promise<TestResponse>;
  /** Registers an active partner and a user holding its claims; returns a fresh token. */
  partner(options?: PartnerOptions): PartnerSession;
  /** The stored data, to arrange it and to check what did (not) change. */
  repo: InMemoryLedgerRepository;
  /** Machine credentials the token endpoint authenticates against. */
  credentials: ClientCredentialStore;
  /** What the token endpoint wrote to the audit log. */
  tokenAudit: TokenIssuedEvent[];
  auth: FakeAuth;
  clock: FakeClock;
}

export interface InProcessApiOptions {
  /** Wraps the repository the app uses, e.g. to make one call fail or stall. */
  wrapRepo?: (repo: LedgerRepository) => LedgerRepository;
  cacheTtlMs?: number;
  rateLimitPerMinute?: number;
  requestDeadlineMs?: number;
  /** Failed client authentications allowed per client id and per source, per minute. */
  tokenFailuresPerClientId?: number;
  tokenFailuresPerSource?: number;
}

export interface RequestOptions extends RuntimeRequest {
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
}

export interface PartnerOptions {
  partnerId?: string;
  scopes?: Scope[];
  uid?: string;
}

export interface PartnerSession {
  uid: string;
  partnerId: string;
  token: string;
}

const ALL_SCOPES: Scope[] = ["entries:read", "entries:write"];

/** Builds the app as production-app.ts does, with every outside service replaced by a fake. */
export function createInProcessApi(options: InProcessApiOptions = {}): InProcessApi {
  const clock = createFakeClock();
  const auth = createFakeAuth(clock.now);
  const repo = createInMemoryLedgerRepository();
  const appRepo = options.wrapRepo ? options.wrapRepo(repo) : repo;
  const credentials = createInMemoryClientCredentials();
  const tokenAudit: TokenIssuedEvent[] = [];
  let ids = 0;
  const handler = createApp({
    ledger: { repo: appRepo, clock: clock.now, newEntryId: () => `e_${String(++ids).padStart(6, "0")}` },
    authenticate: createPartnerAuthenticator({
      verifyIdToken: auth.verifyIdToken,
      getUser: auth.getUser,
      getPartner: (partnerId) => appRepo.getPartner(partnerId),
      clock: clock.now,
      cacheTtlMs: options.cacheTtlMs ?? 0,
    }),
    rateLimit: createPartnerRateLimiter(options.rateLimitPerMinute ?? 1000, clock.now),
    requestDeadlineMs: options.requestDeadlineMs ?? 5000,
    tokenExchange: {
      credentials,
      getPartner: (partnerId) => appRepo.getPartner(partnerId),
      // As Identity Toolkit does: an ID token carrying the user's stored claims, none for a missing user.
      mintIdToken: async (uid) => {
        try {
          await auth.getUser(uid);
        } catch (error) {
          if ((error as { code?: unknown }).code === "auth/user-not-found") return null;
          throw error;
        }
        return { idToken: auth.issueToken(uid), expiresInSeconds: 3600 };
      },
      throttle: createFailureThrottle({
        perClientId: options.tokenFailuresPerClientId ?? 10,
        perSource: options.tokenFailuresPerSource ?? 50,
        windowSeconds: 60,
      }),
      audit: async (event) => void tokenAudit.push(event),
      clock: clock.now,
    },
  });
  const send = functionsRuntime(handler);
  let partners = 0;

  return {
    repo,
    credentials,
    tokenAudit,
    auth,
    clock,
    partner({ partnerId = `partner-${++partners}`, scopes = ALL_SCOPES, uid = `uid-${partnerId}` } = {}) {
      repo.putPartner({ id: partnerId, status: "active" });
      auth.setClaims(uid, { role: "partner", partnerId, scopes });
      return { uid, partnerId, token: auth.issueToken(uid) };
    },
    request: (method, path, { token, headers = {}, ...rest } = {}) =>
      send(method, path, {
        ...rest,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      }),
  };
}
