import { composeApp } from "../compose.js";
import { createInMemoryAuditLog } from "../data/in-memory-audit-log.js";
import { createInMemoryClientCredentials } from "../data/credentials/in-memory-client-credentials.js";
import { createInMemoryEntries } from "../data/entries/in-memory-entries.js";
import { createInMemoryPartners } from "../data/access/in-memory-partners.js";
import { createInMemoryUsage } from "../data/usage/in-memory-usage.js";
import type { ClientCredentialStore } from "../domain/credentials/ports.js";
import { newClientId, newClientSecret } from "../domain/credentials/client-secret.js";
import { createCredential, type CredentialAdminDeps } from "../../../scripts/claims/credential-admin.js";
import type { EntriesRepository } from "../domain/entries/ports.js";
import { SCOPES, TOKEN_SCOPES_CLAIM, type Scope } from "../domain/access/partner-claims.js";
import type { PartnersRepository, PartnerStatus } from "../domain/access/ports.js";
import type { TokenIssuedEvent } from "../domain/credentials/token-exchange.js";
import { createUsageMeter, type UsageMeter } from "../domain/usage/usage-meter.js";
import type { UsageRepository } from "../domain/usage/ports.js";
import type { WebhookDeps } from "../domain/webhooks/webhooks.js";
import { createFakeAuth, type FakeAuth } from "./fake-auth.js";
import { createFakeClock, type FakeClock } from "./fake-clock.js";
import { functionsRuntime, type RuntimeRequest, type TestResponse } from "./functions-runtime.js";
import {
  createInProcessWebhooks,
  type InProcessWebhooks,
  type InProcessWebhooksOptions,
} from "./in-process-webhooks.js";

/**
 * The whole partner API in this process: the real `createApp` on the in-memory ports, a fake
 * Auth and a fake clock, behind the same body parsing the Cloud Functions runtime applies. Requests
 * go through light-my-request, so no port is bound.
 */
export interface InProcessApi {
  request(method: string, path: string, options?: RequestOptions): Promise<TestResponse>;
  /** Registers an active partner and a user holding its claims; returns a fresh token. */
  partner(options?: PartnerOptions): Promise<PartnerSession>;
  /** The stored entries, to arrange them and to check what did (not) change. */
  entries: EntriesRepository;
  /** The stored partners, e.g. to suspend one. */
  partners: PartnersRepository;
  /** Machine credentials the token endpoint authenticates against. */
  credentials: ClientCredentialStore;
  /** The CLI's credential operations over the same store and the fake Auth. */
  credentialAdmin: CredentialAdminDeps;
  /** Registers a partner (active unless told) and a machine credential of it; returns its id and secret. */
  machineClient(options?: MachineClientOptions): Promise<{ clientId: string; clientSecret: string }>;
  /** What the token endpoint wrote to the audit log, in order. */
  tokenAudit(): TokenIssuedEvent[];
  auth: FakeAuth;
  clock: FakeClock;
  /** Webhooks' stores, queue and scripted receiver. */
  webhooks: InProcessWebhooks;
  /** The usage counts as stored, and this instance's meter (flushed by hand: no timer runs here). */
  usage: { store: UsageRepository & { writes(): number }; meter: UsageMeter };
}

export interface InProcessApiOptions {
  /** Wraps the entries repository the app uses, e.g. to make one call fail or stall. */
  wrapEntries?: (entries: EntriesRepository) => EntriesRepository;
  /** Wraps the partners repository the app uses. */
  wrapPartners?: (partners: PartnersRepository) => PartnersRepository;
  cacheTtlMs?: number;
  rateLimitPerMinute?: number;
  requestDeadlineMs?: number;
  /** Failed client authentications allowed per source, per minute. */
  tokenFailuresPerSource?: number;
  /**
   * Whether requests arrive as deployed, with Google's front end's X-Forwarded-For hop (the default
   * is as in the Functions emulator: no hop appended, the source is the socket's peer).
   */
  forwardedByGoogle?: boolean;
  webhooks?: InProcessWebhooksOptions;
  /** Wraps the webhook ports the app uses, e.g. to make one call fail. */
  wrapWebhooks?: (deps: WebhookDeps) => WebhookDeps;
  /** Wraps the usage store the meter uses, e.g. to make a read stall. */
  wrapUsageStore?: (store: UsageRepository) => UsageRepository;
  /** How old buffered usage counts get before a request's end writes them (default 10 s). */
  usageFlushMs?: number;
  /** Another instance's usage store and clock, to run two instances of the API on one store. */
  shared?: Pick<InProcessApi, "usage" | "clock" | "partners" | "auth">;
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

export interface MachineClientOptions {
  partnerId?: string;
  scopes?: Scope[];
  status?: PartnerStatus;
}

export interface PartnerSession {
  uid: string;
  partnerId: string;
  token: string;
}

const ALL_SCOPES: Scope[] = [...SCOPES];

/** The app from the composition root production uses (compose.ts), every outside service a fake. */
export function createInProcessApi(options: InProcessApiOptions = {}): InProcessApi {
  const clock = options.shared?.clock ?? createFakeClock();
  const auth = options.shared?.auth ?? createFakeAuth(clock.now);
  const entries = createInMemoryEntries();
  const partners = options.shared?.partners ?? createInMemoryPartners(undefined, clock.now);
  const usageStore = options.shared?.usage.store ?? createInMemoryUsage();
  const usage = {
    store: usageStore,
    clock: clock.now,
    meter: createUsageMeter({
      store: options.wrapUsageStore?.(usageStore) ?? usageStore,
      clock: clock.now,
      flushMs: options.usageFlushMs ?? 10_000,
      schedule: () => undefined,
      // A failing store keeps the counts buffered, as in production; tests read the store to see it.
      onError: () => undefined,
    }),
  };
  const appPartners = options.wrapPartners?.(partners) ?? partners;
  const credentials = createInMemoryClientCredentials();
  const audit = createInMemoryAuditLog<TokenIssuedEvent>();
  const webhooks = createInProcessWebhooks(clock, { partners, ...options.webhooks });
  let ids = 0;
  const handler = composeApp(
    {
      entries: options.wrapEntries?.(entries) ?? entries,
      getPartner: (partnerId) => appPartners.getPartner(partnerId),
      verifyIdToken: auth.verifyIdToken,
      getUser: auth.getUser,
      credentials,
      // As Identity Toolkit does: an ID token carrying the user's stored claims and the custom token's
      // developer claims, none for a missing user.
      mintIdToken: async (uid, tokenScopes) => {
        try {
          await auth.getUser(uid);
        } catch (error) {
          if ((error as { code?: unknown }).code === "auth/user-not-found") return null;
          throw error;
        }
        const idToken = auth.issueToken(uid, tokenScopes ? { [TOKEN_SCOPES_CLAIM]: tokenScopes } : {});
        return { idToken, expiresInSeconds: 3600, claims: auth.claimsOf(idToken) };
      },
      audit: audit.append,
      webhooks: options.wrapWebhooks?.(webhooks.deps) ?? webhooks.deps,
      usage,
      clock: clock.now,
      newEntryId: () => `e_${String(++ids).padStart(6, "0")}`,
    },
    {
      accessCacheTtlMs: options.cacheTtlMs ?? 0,
      requestDeadlineMs: options.requestDeadlineMs ?? 5000,
      rateLimitPerMinute: options.rateLimitPerMinute ?? 1000,
      tokenFailuresPerSource: options.tokenFailuresPerSource ?? 50,
      tokenFailureWindowSeconds: 60,
      forwardedByGoogle: options.forwardedByGoogle ?? false,
    },
  );
  const send = functionsRuntime(handler);
  const credentialAdmin: CredentialAdminDeps = {
    store: credentials,
    identities: {
      create: async (uid, _name, claims) => auth.setClaims(uid, claims),
      disable: async (uid) => {
        auth.revoke(uid);
        return Math.floor(clock.now().getTime() / 1000);
      },
    },
    revocations: { record: async () => undefined },
    audit: async () => undefined,
    clock: clock.now,
    newClientId: () => newClientId(),
    newClientSecret: () => newClientSecret(),
  };
  let sessions = 0;

  return {
    entries,
    partners,
    credentials,
    credentialAdmin,
    async machineClient({ partnerId = "acme", scopes = ALL_SCOPES, status = "active" } = {}) {
      await partners.createPartner({ id: partnerId, status });
      const { credential, clientSecret } = await createCredential(
        credentialAdmin,
        { role: "partner", partnerId, scopes },
        null,
      );
      return { clientId: credential.clientId, clientSecret };
    },
    tokenAudit: () => audit.records().map(({ event }) => event),
    auth,
    clock,
    webhooks,
    usage,
    async partner({
      partnerId = `partner-${++sessions}`,
      scopes = ALL_SCOPES,
      uid = `uid-${partnerId}`,
    } = {}) {
      await partners.createPartner({ id: partnerId, status: "active" });
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
