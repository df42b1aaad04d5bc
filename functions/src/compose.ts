import type { ApiConfig } from "./config.js";
import type { EntriesRepository } from "./domain/entries/ports.js";
import { createFailureThrottle } from "./domain/credentials/failure-throttle.js";
import { createPartnerAuthenticator, type PartnerAccessDeps } from "./domain/access/partner-access.js";
import { createPartnerRateLimiter } from "./domain/access/rate-limit.js";
import type { TokenExchangeDeps } from "./domain/credentials/token-exchange.js";
import type { UsageDeps } from "./domain/usage/usage-report.js";
import { newSigningSecret } from "./domain/webhooks/webhook-signature.js";
import type { WebhookDeps } from "./domain/webhooks/webhooks.js";
import { createApp, type HttpHandler } from "./http/app.js";
import { clientAddress } from "./http/client-address.js";

// The composition roots: how the API and the webhook functions are assembled from the services they
// run on. Production (production-app.ts, production-webhooks.ts) passes Firebase's; the in-process
// harness (testing/) passes fakes; the OpenAPI document is served by the app built here.

/** What the API needs from the outside world. */
export interface ApiServices {
  entries: EntriesRepository;
  getPartner: PartnerAccessDeps["getPartner"];
  /** Firebase Auth: verifyIdToken(token, checkRevoked = true) and the user's current claims. */
  verifyIdToken: PartnerAccessDeps["verifyIdToken"];
  getUser: PartnerAccessDeps["getUser"];
  /** Machine credentials, the ID tokens the token endpoint mints for them, and its audit log. */
  credentials: TokenExchangeDeps["credentials"];
  mintIdToken: TokenExchangeDeps["mintIdToken"];
  audit: TokenExchangeDeps["audit"];
  webhooks: WebhookDeps;
  /**
   * Each partner's requests per day against its quota: the stored counts and the meter, built by the
   * caller, which owns its flush timer (and, in production, its last flush at shutdown).
   */
  usage: UsageDeps;
  clock: () => Date;
  newEntryId: () => string;
}

/** The settings the API reads (config.ts in production). */
export type ApiSettings = Pick<
  ApiConfig,
  | "accessCacheTtlMs"
  | "requestDeadlineMs"
  | "rateLimitPerMinute"
  | "tokenFailuresPerSource"
  | "tokenFailureWindowSeconds"
> & {
  /** Whether Google's front end appends the caller's address to X-Forwarded-For (deployed), or not. */
  forwardedByGoogle: boolean;
};

/** The partner API on `services`. */
export function composeApp(services: ApiServices, settings: ApiSettings): HttpHandler {
  const { clock, getPartner } = services;
  return createApp({
    ledger: { entries: services.entries, clock, newEntryId: services.newEntryId },
    authenticate: createPartnerAuthenticator({
      verifyIdToken: services.verifyIdToken,
      getUser: services.getUser,
      getPartner,
      clock,
      cacheTtlMs: settings.accessCacheTtlMs,
    }),
    rateLimit: createPartnerRateLimiter(settings.rateLimitPerMinute, clock),
    usage: services.usage,
    tokenExchange: {
      credentials: services.credentials,
      getPartner,
      mintIdToken: services.mintIdToken,
      throttle: createFailureThrottle({
        perSource: settings.tokenFailuresPerSource,
        windowSeconds: settings.tokenFailureWindowSeconds,
      }),
      audit: services.audit,
      clock,
    },
    clientAddress: clientAddress({ forwardedByGoogle: settings.forwardedByGoogle }),
    requestDeadlineMs: settings.requestDeadlineMs,
    webhooks: services.webhooks,
  });
}

/**
 * What webhooks need from the outside world: their stores (events, deliveries, replays), the delivery
 * queue, outbound HTTP and the partners (a suspended one gets no deliveries).
 */
export type WebhookServices = Omit<
  WebhookDeps,
  "newSecret" | "policy" | "retryDelayDivisor" | "eventRetentionMs"
>;

/** Where webhooks may go, how fast retries come and how long events are listed (config.ts in production). */
export type WebhookSettings = Pick<WebhookDeps, "policy" | "retryDelayDivisor" | "eventRetentionMs">;

/** The webhook operations' dependencies on `services`, for the API, the trigger and the task queue. */
export function composeWebhooks(services: WebhookServices, settings: WebhookSettings): WebhookDeps {
  return { ...services, newSecret: newSigningSecret, ...settings };
}
