import { LRUCache } from "lru-cache";
import { ApiError } from "../errors.js";

/** What a client may see of its budget, as RateLimit-* response headers. */
export type RateLimitHeaders = Record<"RateLimit-Limit" | "RateLimit-Remaining" | "RateLimit-Reset", string>;

export type PartnerRateLimiter = (partnerId: string) => Promise<RateLimitHeaders>;

const WINDOW_MS = 60_000;

/**
 * A per-partner budget of `perMinute` requests in any rolling minute, kept in this instance's memory:
 * no Firestore write per request. Each instance counts on its own, so a partner spread over N
 * instances can reach N times the budget (README states the bound). Throws a 429 when spent.
 *
 * A sliding log: the times of a partner's last `perMinute` accepted requests, in a ring; a request is
 * accepted while fewer than `perMinute` of them are under a minute old. Written by hand because the
 * fixed windows of rate-limiter-flexible's memory limiter let up to twice the budget through around a
 * window's edge; this costs 8 bytes per request of budget per partner active in the last minute.
 */
export function createPartnerRateLimiter(perMinute: number, clock: () => Date): PartnerRateLimiter {
  // A log may go once its newest request is a minute old (then nothing in it counts any more), so its
  // TTL restarts with every accepted request; a TTL that ran from the first request dropped a busy
  // partner's whole log a minute in, letting up to twice the budget through. The cache reads the
  // same clock as the log.
  const logs = new LRUCache<string, RequestLog>({
    max: 10_000,
    ttl: WINDOW_MS,
    perf: { now: () => clock().getTime() },
  });
  return async (partnerId) => {
    const now = clock().getTime();
    const log = logs.get(partnerId) ?? new RequestLog(perMinute);
    const accepted = log.tryAccept(now);
    if (accepted) logs.set(partnerId, log);
    const headers: RateLimitHeaders = {
      "RateLimit-Limit": String(perMinute),
      "RateLimit-Remaining": String(perMinute - log.size),
      "RateLimit-Reset": String(Math.max(1, Math.ceil((log.oldest + WINDOW_MS - now) / 1000))),
    };
    if (accepted) return headers;
    throw new ApiError("RATE_LIMITED", `This partner may make ${perMinute} requests a minute; slow down.`, {
      headers: { ...headers, "Retry-After": headers["RateLimit-Reset"] },
    });
  };
}

/** The times of the last accepted requests, oldest first, at most `capacity` of them. */
class RequestLog {
  private readonly times: Float64Array;
  private start = 0;
  size = 0;

  constructor(capacity: number) {
    this.times = new Float64Array(capacity);
  }

  get oldest(): number {
    // In range by construction: `start` always indexes the ring.
    return this.times[this.start] ?? 0;
  }

  tryAccept(now: number): boolean {
    while (this.size > 0 && this.oldest <= now - WINDOW_MS) {
      this.start = (this.start + 1) % this.times.length;
      this.size--;
    }
    if (this.size === this.times.length) return false;
    this.times[(this.start + this.size) % this.times.length] = now;
    this.size++;
    return true;
  }
}
