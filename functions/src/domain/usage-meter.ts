import { ApiError } from "../errors.js";
import { addCounts, emptyCounts, type DayCounts, type UsageRepository } from "./usage-repository.js";
import type { StatusClass } from "./usage-schema.js";
import { nextUtcMidnight, utcDay } from "./utc-day.js";

/**
 * Counts a partner's requests per UTC day without a Firestore write per request, and enforces its
 * daily quota across instances. Each instance buffers its counts in memory and writes them as
 * increments once they are `flushMs` old (at the end of a request, or by a timer while idle), so a
 * busy partner costs each instance one write per `flushMs`. Before deciding on a partner with a quota,
 * an instance refreshes that partner's day total when its copy is `flushMs` old, and adds its own
 * unflushed and in-progress requests. Every request is therefore seen by every instance within
 * 2 × flushMs (its own instance's flush, then the other's refresh): a quota is overshot by at most the
 * partner's requests across all instances in that window. An instance that dies without flushing
 * loses at most its last `flushMs` of counts (a graceful shutdown flushes).
 */
export interface UsageMeter {
  /**
   * Lets a request of the partner in, or throws a 429 `QUOTA_EXCEEDED` once its day's requests reach
   * `quota` (null: unlimited). The request counts as in progress until `record`.
   */
  admit(partnerId: string, quota: number | null): Promise<Admission>;
  /** Counts a finished request: admitted, or refused after authentication (then pass the partner id). */
  record(request: Admission | { partnerId: string }, route: string, status: number): void;
  /** Gives back an admission whose request was counted without it (answered before admit returned). */
  release(admission: Admission): void;
  /** The partner's finished requests today: the store's total after this instance's counts are written. */
  usedToday(partnerId: string): Promise<number>;
  /** This instance's counts of the partner's day not yet in the store. */
  unflushed(partnerId: string, day: string): DayCounts;
  /** Writes the counts that are `flushMs` old; awaited before an answer is sent (CPU is only sure then). */
  flushDue(): Promise<void>;
  /** Writes every count (graceful shutdown). */
  flushAll(): Promise<void>;
}

export interface Admission {
  partnerId: string;
  day: string;
}

export interface UsageMeterDeps {
  store: UsageRepository;
  clock: () => Date;
  flushMs: number;
  /** Runs `flush` after `ms` when the instance is otherwise idle; a timer in production, nothing in tests. */
  schedule: (flush: () => void, ms: number) => void;
  /** A failed write or read: the counts stay buffered and the next flush tries again. */
  onError: (error: unknown) => void;
}

/** One partner's day as this instance sees it. */
interface DayState {
  partnerId: string;
  day: string;
  /** Counted here, not yet sent. */
  pending: DayCounts;
  /** When the oldest pending count was made (ms), or null. */
  pendingSince: number | null;
  /** Requests in a write under way: in the store once it lands, in `known` once it is read back. */
  sending: number;
  /** Admitted here and not yet recorded. */
  inProgress: number;
  /** The store's total at the last refresh. */
  known: number;
  /** When `known` was read (ms), or null: never. */
  refreshedAt: number | null;
  /** Whether a quota applied when last admitted: only then is the total read back after a write. */
  quota: boolean;
  syncing: Promise<void> | null;
}

/** Builds an instance's meter. */
export function createUsageMeter(deps: UsageMeterDeps): UsageMeter {
  const states = new Map<string, DayState>();
  let timerSet = false;

  function stateOf(partnerId: string, day: string): DayState {
    const key = `${partnerId}/${day}`;
    let state = states.get(key);
    if (!state) {
      state = {
        partnerId,
        day,
        pending: emptyCounts(),
        pendingSince: null,
        sending: 0,
        inProgress: 0,
        known: 0,
        refreshedAt: null,
        quota: false,
        syncing: null,
      };
      states.set(key, state);
    }
    return state;
  }

  const used = (state: DayState) => state.known + state.sending + state.pending.requests + state.inProgress;

  /** Sends the pending counts and, for a partner with a quota (or when asked), reads the total back. */
  function sync(state: DayState, refresh: boolean): Promise<void> {
    if (state.syncing) return state.syncing;
    const counts = state.pending;
    state.pending = emptyCounts();
    state.pendingSince = null;
    state.sending = counts.requests;
    state.syncing = (async () => {
      let sent = counts.requests === 0;
      try {
        if (!sent) await deps.store.add(state.partnerId, state.day, counts);
        sent = true;
        if (refresh || state.quota) {
          const stored = await deps.store.days(state.partnerId, state.day, state.day);
          state.known = stored.get(state.day)?.requests ?? 0;
          state.refreshedAt = deps.clock().getTime();
        } else {
          state.known += counts.requests;
        }
      } catch (error) {
        // Unsent counts go back into the buffer for the next flush; sent ones stay counted here.
        if (sent) state.known += counts.requests;
        else {
          addCounts(state.pending, counts);
          state.pendingSince ??= deps.clock().getTime();
        }
        deps.onError(error);
      } finally {
        state.sending = 0;
        state.syncing = null;
      }
    })();
    return state.syncing;
  }

  async function flush(due: (state: DayState) => boolean): Promise<void> {
    const today = utcDay(deps.clock());
    await Promise.all([...states.values()].filter(due).map((state) => sync(state, false)));
    // A past day with nothing left to send is done with.
    for (const [key, state] of states) {
      if (state.day < today && state.pending.requests === 0 && !state.syncing && state.inProgress === 0) {
        states.delete(key);
      }
    }
  }

  function scheduleIdleFlush(): void {
    if (timerSet) return;
    timerSet = true;
    deps.schedule(() => {
      timerSet = false;
      void meter.flushAll();
    }, deps.flushMs);
  }

  const meter: UsageMeter = {
    async admit(partnerId, quota) {
      const now = deps.clock();
      const state = stateOf(partnerId, utcDay(now));
      state.quota = quota !== null;
      if (quota !== null) {
        const stale = state.refreshedAt === null || now.getTime() - state.refreshedAt >= deps.flushMs;
        if (stale) await sync(state, true);
        if (used(state) >= quota) throw quotaExceeded(quota, now);
      }
      state.inProgress++;
      return { partnerId, day: state.day };
    },
    record(request, route, status) {
      const now = deps.clock().getTime();
      const admitted = "day" in request;
      const state = stateOf(request.partnerId, admitted ? request.day : utcDay(new Date(now)));
      if (admitted) state.inProgress--;
      const counts = state.pending;
      counts.requests++;
      counts.byStatusClass[statusClassOf(status)]++;
      counts.byRoute[route] = (counts.byRoute[route] ?? 0) + 1;
      state.pendingSince ??= now;
      scheduleIdleFlush();
    },
    release(admission) {
      stateOf(admission.partnerId, admission.day).inProgress--;
    },
    async usedToday(partnerId) {
      const state = stateOf(partnerId, utcDay(deps.clock()));
      await sync(state, true);
      return state.known + state.sending + state.pending.requests;
    },
    unflushed(partnerId, day) {
      const state = states.get(`${partnerId}/${day}`);
      return state ? addCounts(emptyCounts(), state.pending) : emptyCounts();
    },
    flushDue() {
      const now = deps.clock().getTime();
      return flush((state) => state.pendingSince !== null && now - state.pendingSince >= deps.flushMs);
    },
    flushAll: () => flush((state) => state.pending.requests > 0),
  };
  return meter;
}

function statusClassOf(status: number): StatusClass {
  if (status >= 500) return "5xx";
  if (status >= 400) return "4xx";
  if (status >= 300) return "3xx";
  return "2xx";
}

/** The 429 past the daily quota: wait for the next UTC midnight. */
function quotaExceeded(quota: number, now: Date): ApiError {
  const reset = String(Math.max(1, Math.ceil((nextUtcMidnight(now).getTime() - now.getTime()) / 1000)));
  return new ApiError(
    "QUOTA_EXCEEDED",
    `This partner's quota of ${quota} requests per UTC day is used up; it resets at midnight UTC.`,
    {
      headers: {
        "Retry-After": reset,
        "RateLimit-Limit": String(quota),
        "RateLimit-Remaining": "0",
        "RateLimit-Reset": reset,
      },
    },
  );
}
