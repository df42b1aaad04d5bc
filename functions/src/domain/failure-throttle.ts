import { RateLimiterMemory } from "rate-limiter-flexible";

/** Slows down the sources of repeated failed client authentications. */
export interface FailureThrottle {
  /** Seconds until this source may try again, or 0 when it may try now. */
  retryAfterSeconds(source: string): Promise<number>;
  recordFailure(source: string): Promise<void>;
}

export interface FailureLimits {
  /** Failed attempts per source per window; the source's next attempt waits for the window's end. */
  perSource: number;
  windowSeconds: number;
}

// A source is text a proxy or the socket gave; cap what one key can hold in memory.
const MAX_KEY_LENGTH = 128;

/**
 * Counts failures per source in this instance's memory (no Firestore write per request), in fixed
 * windows. Only sources are counted, never client ids: a client id is not secret (it travels in every
 * Basic header), so counting it would let anyone lock its holder out. A source over its limit waits,
 * a correct secret included (otherwise a guesser could keep guessing and learn from the one success),
 * and it waits only for its own failures. Unknown and known client ids count alike, so a 429 tells
 * nothing about existence. Each failure costs at most one Firestore read (a malformed id or secret
 * none), so a source costs at most `perSource` reads a window.
 */
export function createFailureThrottle({ perSource, windowSeconds }: FailureLimits): FailureThrottle {
  const bySource = new RateLimiterMemory({ points: perSource, duration: windowSeconds });
  const key = (source: string) => source.slice(0, MAX_KEY_LENGTH);
  return {
    async retryAfterSeconds(source) {
      const state = await bySource.get(key(source));
      return state && state.consumedPoints >= perSource ? Math.ceil(state.msBeforeNext / 1000) : 0;
    },
    async recordFailure(source) {
      await bySource.penalty(key(source), 1);
    },
  };
}
