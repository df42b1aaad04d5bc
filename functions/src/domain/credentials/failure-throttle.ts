import { RateLimiterMemory } from "rate-limiter-flexible";

/** What failed attempts are counted by: the client id presented, and where the request came from. */
export interface AttemptKeys {
  clientId: string;
  source: string;
}

/** Slows down repeated failed client authentications. */
export interface FailureThrottle {
  /** Seconds until another attempt is allowed for these keys, or 0 when it is allowed now. */
  retryAfterSeconds(keys: AttemptKeys): Promise<number>;
  recordFailure(keys: AttemptKeys): Promise<void>;
}

export interface FailureLimits {
  /** Failed attempts per client id per window; the next attempt waits for the window's end. */
  perClientId: number;
  /** Failed attempts per source per window. */
  perSource: number;
  windowSeconds: number;
}

// A client id or source is attacker-chosen text; cap what one key can hold in memory.
const MAX_KEY_LENGTH = 128;

/**
 * Counts failures in this instance's memory (no Firestore write per request), in fixed windows.
 * Unknown and known client ids are counted alike, so a 429 tells nothing about existence. While a
 * key is over its limit every attempt waits, a correct secret included: otherwise a guesser could
 * keep guessing and learn from the one success.
 */
export function createFailureThrottle({
  perClientId,
  perSource,
  windowSeconds,
}: FailureLimits): FailureThrottle {
  // Each RateLimiterMemory keeps its own store, so a client id and a source never share a count.
  const byClientId = new RateLimiterMemory({ points: perClientId, duration: windowSeconds });
  const bySource = new RateLimiterMemory({ points: perSource, duration: windowSeconds });
  const checks = (keys: AttemptKeys) =>
    [
      [byClientId, perClientId, keys.clientId],
      [bySource, perSource, keys.source],
    ] as const;

  return {
    async retryAfterSeconds(keys) {
      let waitMs = 0;
      for (const [limiter, limit, key] of checks(keys)) {
        const state = await limiter.get(key.slice(0, MAX_KEY_LENGTH));
        if (state && state.consumedPoints >= limit) waitMs = Math.max(waitMs, state.msBeforeNext);
      }
      return Math.ceil(waitMs / 1000);
    },
    async recordFailure(keys) {
      for (const [limiter, , key] of checks(keys)) await limiter.penalty(key.slice(0, MAX_KEY_LENGTH), 1);
    },
  };
}
