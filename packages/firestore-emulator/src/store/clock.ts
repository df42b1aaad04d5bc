import type { Timestamp } from "../types.js";

/**
 * Times are integer microseconds since the epoch: the service's commit-time precision, and exact in a
 * JS number until the year 2255.
 */
export type Micros = number;

/** Converts to the wire Timestamp. */
export function toTimestamp(micros: Micros): Timestamp {
  const seconds = Math.floor(micros / 1_000_000);
  return { seconds: String(seconds), nanos: (micros - seconds * 1_000_000) * 1000 };
}

/** Converts a wire Timestamp, truncating below microseconds. */
export function fromTimestamp(timestamp: Timestamp): Micros {
  return Number(timestamp.seconds ?? 0) * 1_000_000 + Math.floor((timestamp.nanos ?? 0) / 1000);
}

/** Hands out strictly increasing commit times close to wall time, so commit order and time order agree. */
export class CommitClock {
  /** No later commit may take a time at or below this: the last commit or snapshot handed out. */
  private floor: Micros = 0;

  /** The next commit time: now, or just after the last time handed out if the wall clock lags. */
  next(): Micros {
    this.floor = Math.max(Date.now() * 1000, this.floor + 1);
    return this.floor;
  }

  /**
   * A snapshot time that sees every commit so far; later commits get later times, so a read at this
   * time always answers the same.
   */
  now(): Micros {
    this.floor = Math.max(Date.now() * 1000, this.floor);
    return this.floor;
  }
}
