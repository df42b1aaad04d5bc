import { networkError } from "./partner-api-error.js";
import { randomId } from "./random-id.js";
import {
  isIdempotent,
  isRetryableNetworkError,
  isRetryableStatus,
  parseRetryAfter,
  retryDelayMs,
} from "./retry-policy.js";

/** Where the Bearer token of each API request comes from. */
export interface BearerTokens {
  get(): Promise<string>;
  /** The API answered 401 to `token`: the next `get()` must bring a new one. */
  refused(token: string): void;
}

export interface TransportDeps {
  fetch: (request: Request) => Promise<Response>;
  /** Absent for the token endpoint itself, which authenticates with the client's secret instead. */
  tokens?: BearerTokens;
  /** Retries after the first attempt (a 401's one re-authenticated repeat is not counted). */
  maxRetries: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  now: () => number;
}

export type Transport = (request: Request) => Promise<Response>;

/**
 * A fetch that sends one request as often as it safely may: it adds the Bearer token, an
 * Idempotency-Key to a POST without one and an X-Request-Id (both kept across its retries, so a
 * repeated create replays and the logs tie the attempts together), repeats once with a new token after
 * a 401, and retries what retry-policy.ts allows with its backoff. It answers the last response; when no
 * attempt got an answer it throws a PartnerApiError with status 0.
 */
export function createTransport(deps: TransportDeps): Transport {
  return async (request) => {
    if (request.method === "POST" && !request.headers.has("idempotency-key")) {
      request.headers.set("Idempotency-Key", randomId("ik_"));
    }
    if (!request.headers.has("x-request-id")) request.headers.set("X-Request-Id", randomId("req_"));
    const requestId = request.headers.get("x-request-id") ?? "";
    const idempotent = isIdempotent(request.method, request.headers);
    let retries = 0;
    let reauthenticated = false;
    for (;;) {
      const attempt = request.clone();
      const token = deps.tokens ? await deps.tokens.get() : undefined;
      if (token !== undefined) attempt.headers.set("Authorization", `Bearer ${token}`);
      let response: Response;
      try {
        response = await deps.fetch(attempt);
      } catch (error) {
        const delay =
          retries < deps.maxRetries && isRetryableNetworkError(error, idempotent)
            ? retryDelayMs(retries, null, deps.random)
            : undefined;
        if (delay === undefined) throw networkError(error, requestId);
        retries++;
        await deps.sleep(delay);
        continue;
      }
      if (response.status === 401 && token !== undefined && !reauthenticated) {
        // A token can be refused before its stated expiry (revoked, rotated, clock skew): one new try.
        reauthenticated = true;
        deps.tokens?.refused(token);
        await response.body?.cancel();
        continue;
      }
      const retryAfter = response.headers.get("retry-after");
      if (retries < deps.maxRetries && isRetryableStatus(response.status, retryAfter !== null, idempotent)) {
        const delay = retryDelayMs(retries, parseRetryAfter(retryAfter, deps.now()), deps.random);
        if (delay !== undefined) {
          retries++;
          await response.body?.cancel();
          await deps.sleep(delay);
          continue;
        }
      }
      return response;
    }
  };
}
