import type { StatusClass } from "./usage-schema.js";

/**
 * The usage port: a partner's request counts per UTC day. Implemented over Firestore (one document per
 * partner and day, written with increments) and in memory (data/), with the same semantics.
 */

export interface DayCounts {
  requests: number;
  byStatusClass: Record<StatusClass, number>;
  /** Requests per route ("GET /v1/entries/{id}"). */
  byRoute: Record<string, number>;
}

export interface UsageRepository {
  /** Adds the counts to the partner's day, as increments: no read, and any number of writers at once. */
  add(partnerId: string, date: string, counts: DayCounts): Promise<void>;
  /** The partner's stored days from `from` to `to` (YYYY-MM-DD, both included); days without counts are absent. */
  days(partnerId: string, from: string, to: string): Promise<Map<string, DayCounts>>;
}

/** No requests. */
export function emptyCounts(): DayCounts {
  return { requests: 0, byStatusClass: { "2xx": 0, "3xx": 0, "4xx": 0, "5xx": 0 }, byRoute: {} };
}

/** `into` plus `more`, in place. */
export function addCounts(into: DayCounts, more: DayCounts): DayCounts {
  into.requests += more.requests;
  for (const [statusClass, n] of Object.entries(more.byStatusClass) as [StatusClass, number][]) {
    into.byStatusClass[statusClass] += n;
  }
  for (const [route, n] of Object.entries(more.byRoute)) into.byRoute[route] = (into.byRoute[route] ?? 0) + n;
  return into;
}
