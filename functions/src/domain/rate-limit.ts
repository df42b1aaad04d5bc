import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { ApiError } from "../errors.js";

/** What a client may see of its budget, as RateLimit-* response headers. */
export type RateLimitHeaders = Record<"RateLimit-Limit" | "RateLimit-Remaining" | "RateLimit-Reset", string>;

export type PartnerRateLimiter = (partnerId: string) => Promise<RateLimitHeaders>;

/**
 * A per-partner budget of `perMinute` requests in fixed one-minute windows, kept in this instance's
 * memory: no Firestore write per request. Each instance counts on its own, so a partner spread over
 * N instances can reach N times the budget (README states the bound). Throws a 429 when spent.
 */
export function createPartnerRateLimiter(perMinute: number): PartnerRateLimiter {
  const limiter = new RateLimiterMemory({ points: perMinute, duration: 60 });
  const headers = (state: RateLimiterRes): RateLimitHeaders => ({
    "RateLimit-Limit": String(perMinute),
    "RateLimit-Remaining": String(Math.max(0, state.remainingPoints)),
    "RateLimit-Reset": String(Math.ceil(state.msBeforeNext / 1000)),
  });
  return async (partnerId) => {
    try {
      return headers(await limiter.consume(partnerId));
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const limited = headers(rejection);
      throw new ApiError("RATE_LIMITED", `This partner may make ${perMinute} requests a minute; slow down.`, {
        headers: { ...limited, "Retry-After": limited["RateLimit-Reset"] },
      });
    }
  };
}
