import { defineInt, defineString } from "firebase-functions/params";
import type { TargetPolicy } from "./domain/webhook-target.js";

/**
 * Every setting the API reads, in one place. The params are declared at module load (so
 * `firebase deploy` knows them), take their values from functions/.env (committed defaults) or
 * functions/.env.local (emulator overrides), and are read once, when the first request builds the app.
 */

export const accessCacheSeconds = defineInt("ACCESS_CACHE_SECONDS", {
  default: 30,
  description:
    "How long an instance reuses a verified token and a partner's status (revocation bound); 0: no caching.",
});

export const requestDeadlineSeconds = defineInt("REQUEST_DEADLINE_SECONDS", {
  default: 10,
  description: "A request still waiting on a backend after this long is answered 503.",
});

export const rateLimitPerMinute = defineInt("RATE_LIMIT_PER_MINUTE", {
  default: 600,
  description: "Requests one partner may make per minute on one function instance.",
});

// No default: `firebase deploy` asks for the real project's key; the emulator's is in .env.demo-partner-api.
export const webApiKey = defineString("WEB_API_KEY", {
  description:
    "The project's Web API key, for exchanging custom tokens at Identity Toolkit (token endpoint).",
});

export const tokenFailuresPerSource = defineInt("TOKEN_FAILURES_PER_SOURCE", {
  default: 50,
  description:
    "Failed client authentications per source address per TOKEN_FAILURE_WINDOW_SECONDS before the token endpoint answers 429.",
});

export const tokenFailureWindowSeconds = defineInt("TOKEN_FAILURE_WINDOW_SECONDS", {
  default: 60,
  description:
    "The window the token endpoint counts failed authentications in; a throttled source waits for its end (1..3600).",
});

export const webhookRetryDelayDivisor = defineInt("WEBHOOK_RETRY_DELAY_DIVISOR", {
  default: 1,
  description:
    "Divides every webhook retry delay (5 s, 5 min, 30 min, ... 10 h, or Retry-After): 1 in production; " +
    "the emulator stack sets 60 (functions/.env.demo-partner-api) so a failing receiver sees its retries in minutes.",
});

export const eventRetentionSeconds = defineInt("EVENT_RETENTION_SECONDS", {
  default: 30 * 24 * 60 * 60,
  description:
    "How long events are listed, fetched and replayable (at most 30 days, the Firestore TTL of webhookEvents).",
});

export const usageFlushSeconds = defineInt("USAGE_FLUSH_SECONDS", {
  default: 10,
  description:
    "How often an instance writes its buffered usage counts and refreshes partners' daily totals (1..60): " +
    "the bound within which usage reports are complete and quotas hold across instances.",
});

export interface ApiConfig {
  accessCacheTtlMs: number;
  requestDeadlineMs: number;
  rateLimitPerMinute: number;
  webApiKey: string;
  tokenFailuresPerSource: number;
  tokenFailureWindowSeconds: number;
  webhookRetryDelayDivisor: number;
  eventRetentionMs: number;
  usageFlushMs: number;
}

/** Reads and validates the params; throws on a value that would make the API unsafe or useless. */
export function loadConfig(): Readonly<ApiConfig> {
  const config = {
    accessCacheTtlMs: accessCacheSeconds.value() * 1000,
    requestDeadlineMs: requestDeadlineSeconds.value() * 1000,
    rateLimitPerMinute: rateLimitPerMinute.value(),
    webApiKey: webApiKey.value(),
    tokenFailuresPerSource: tokenFailuresPerSource.value(),
    tokenFailureWindowSeconds: tokenFailureWindowSeconds.value(),
    webhookRetryDelayDivisor: webhookRetryDelayDivisor.value(),
    eventRetentionMs: eventRetentionSeconds.value() * 1000,
    usageFlushMs: usageFlushSeconds.value() * 1000,
  };
  if (config.accessCacheTtlMs < 0 || config.accessCacheTtlMs > 60_000) {
    throw new Error("ACCESS_CACHE_SECONDS must be 0..60: revocation must take effect within 60 s");
  }
  if (config.requestDeadlineMs < 1000) throw new Error("REQUEST_DEADLINE_SECONDS must be at least 1");
  if (config.rateLimitPerMinute < 1) throw new Error("RATE_LIMIT_PER_MINUTE must be at least 1");
  if (!config.webApiKey) throw new Error("WEB_API_KEY must be set: the token endpoint needs it");
  if (config.tokenFailuresPerSource < 1) throw new Error("TOKEN_FAILURES_PER_SOURCE must be at least 1");
  if (config.tokenFailureWindowSeconds < 1 || config.tokenFailureWindowSeconds > 3600) {
    throw new Error("TOKEN_FAILURE_WINDOW_SECONDS must be 1..3600");
  }
  if (config.webhookRetryDelayDivisor < 1) throw new Error("WEBHOOK_RETRY_DELAY_DIVISOR must be at least 1");
  if (config.eventRetentionMs < 1000 || config.eventRetentionMs > 30 * 24 * 60 * 60 * 1000) {
    throw new Error("EVENT_RETENTION_SECONDS must be 1..2592000: events are stored for 30 days");
  }
  if (config.usageFlushMs < 1000 || config.usageFlushMs > 60_000) {
    throw new Error("USAGE_FLUSH_SECONDS must be 1..60: quotas hold across instances within that bound");
  }
  return Object.freeze(config);
}

/**
 * With FIREBASE_AUTH_EMULATOR_HOST set, firebase-admin accepts unsigned ID tokens. That is only
 * safe inside the emulator, so anywhere else the API refuses to serve. Returns the problem, or null.
 */
export function unsafeEnvironmentProblem(env: NodeJS.ProcessEnv): string | null {
  if (env.FIREBASE_AUTH_EMULATOR_HOST && env.FUNCTIONS_EMULATOR !== "true") {
    return "FIREBASE_AUTH_EMULATOR_HOST is set outside the Functions emulator";
  }
  return null;
}

/**
 * Where webhooks may go: in production only public https hosts; inside the Functions emulator also
 * loopback (`http://127.0.0.1:<port>`), where local receivers listen.
 */
export function webhookTargetPolicy(env: NodeJS.ProcessEnv): TargetPolicy {
  return { allowLoopback: env.FUNCTIONS_EMULATOR === "true" };
}

/**
 * Whether Google's front end appended the caller's address to X-Forwarded-For: deployed, always; in
 * the Functions emulator, never (http/client-address.ts says what follows from that).
 */
export function forwardedByGoogle(env: NodeJS.ProcessEnv): boolean {
  return env.FUNCTIONS_EMULATOR !== "true";
}

/** Where Identity Toolkit answers: Google's service, or the Auth emulator when the emulator switch is on. */
export function identityToolkitOrigin(env: NodeJS.ProcessEnv): string {
  const emulator = env.FIREBASE_AUTH_EMULATOR_HOST;
  return emulator
    ? `http://${emulator}/identitytoolkit.googleapis.com`
    : "https://identitytoolkit.googleapis.com";
}
