import { defineInt } from "firebase-functions/params";

/**
 * Every setting the API reads, in one place. Params are declared at module load (so `firebase deploy`
 * can prompt for them) and read once, when the first request builds the app.
 */

export const requestDeadlineSeconds = defineInt("REQUEST_DEADLINE_SECONDS", {
  default: 10,
  description: "A request still waiting on a backend after this long is answered 503.",
});

export interface ApiConfig {
  accessCacheTtlMs: number;
  requestDeadlineMs: number;
}

/**
 * Reads and validates the settings; throws on a value that would make the API unsafe or useless.
 * ACCESS_CACHE_SECONDS is a plain environment variable (functions/.env) rather than a param so the
 * test stack can shorten it from its own environment; the emulator pins declared params to .env.local.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<ApiConfig> {
  const config = {
    accessCacheTtlMs: Number(env.ACCESS_CACHE_SECONDS ?? 30) * 1000,
    requestDeadlineMs: requestDeadlineSeconds.value() * 1000,
  };
  if (
    !Number.isInteger(config.accessCacheTtlMs) ||
    config.accessCacheTtlMs < 0 ||
    config.accessCacheTtlMs > 60_000
  ) {
    throw new Error("ACCESS_CACHE_SECONDS must be 0..60: revocation must take effect within 60 s");
  }
  if (config.requestDeadlineMs < 1000) throw new Error("REQUEST_DEADLINE_SECONDS must be at least 1");
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
