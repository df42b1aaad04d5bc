import {
  createInMemoryLedgerRepository,
  type InMemoryLedgerRepository,
} from "../data/in-memory-ledger-repository.js";
import type { LedgerRepository } from "../data/ledger-repository.js";
import { createPartnerAuthenticator } from "../domain/partner-access.js";
import type { Scope } from "../domain/partner-claims.js";
import { createPartnerRateLimiter } from "../domain/rate-limit.js";
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
  auth: FakeAuth;
  clock: FakeClock;
}

export interface InProcessApiOptions {
  /** Wraps the repository the app uses, e.g. to make one call fail or stall. */
  wrapRepo?: (repo: LedgerRepository) => LedgerRepository;
  cacheTtlMs?: number;
  rateLimitPerMinute?: number;
  requestDeadlineMs?: number;
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
    rateLimit: createPartnerRateLimiter(options.rateLimitPerMinute ?? 1000),
    requestDeadlineMs: options.requestDeadlineMs ?? 5000,
  });
  const send = functionsRuntime(handler);
  let partners = 0;

  return {
    repo,
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
