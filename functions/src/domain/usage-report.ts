import { ApiError } from "../errors.js";
import type { UsageMeter } from "./usage-meter.js";
import { addCounts, emptyCounts, type DayCounts, type UsageRepository } from "./usage-repository.js";
import {
  DEFAULT_USAGE_DAYS,
  MAX_USAGE_DAYS,
  type UsageDay,
  type UsageQuery,
  type UsageReport,
} from "./usage-schema.js";
import { addDays, daysBetween, nextUtcMidnight, utcDay } from "./utc-day.js";

/** What a usage report needs: the stored counts, this instance's meter and the clock. */
export interface UsageDeps {
  store: UsageRepository;
  meter: UsageMeter;
  clock: () => Date;
}

/**
 * The partner's requests per UTC day over a range (every day, oldest first) and its quota today. Today's
 * counts of this instance are written first, so a partner sees its own requests at once; other
 * instances' arrive within the flush bound.
 */
export async function usageReport(
  deps: UsageDeps,
  partnerId: string,
  quota: number | null,
  query: UsageQuery,
): Promise<UsageReport> {
  const now = deps.clock();
  const range = usageRange(query, now);
  const usedToday = await deps.meter.usedToday(partnerId);
  const data = await usageDays(deps.store, partnerId, range, (day) => deps.meter.unflushed(partnerId, day));
  return { data, quota: { daily: quota, usedToday, resetsAt: nextUtcMidnight(now).toISOString() } };
}

/** The days a query asks for (default: the last 7); a 400 naming the field for a reversed or too long range. */
export function usageRange(query: UsageQuery, now: Date): { from: string; to: string } {
  const today = utcDay(now);
  const to = query.to ?? (query.from ? minDay(addDays(query.from, MAX_USAGE_DAYS - 1), today) : today);
  const from = query.from ?? addDays(to, -(DEFAULT_USAGE_DAYS - 1));
  if (from > to) throw invalidRange("from", "must not be after to");
  if (daysBetween(from, to) > MAX_USAGE_DAYS) {
    throw invalidRange("to", `must be at most ${MAX_USAGE_DAYS} days after from`);
  }
  return { from, to };
}

/** Every day of the range, oldest first, with the stored counts plus any `more` (zeros for a quiet day). */
export async function usageDays(
  store: UsageRepository,
  partnerId: string,
  { from, to }: { from: string; to: string },
  more: (day: string) => DayCounts = emptyCounts,
): Promise<UsageDay[]> {
  const stored = await store.days(partnerId, from, to);
  return Array.from({ length: daysBetween(from, to) }, (_, index) => {
    const date = addDays(from, index);
    const counts = addCounts(addCounts(emptyCounts(), stored.get(date) ?? emptyCounts()), more(date));
    return { date, ...counts };
  });
}

function minDay(a: string, b: string): string {
  return a < b ? a : b;
}

function invalidRange(field: "from" | "to", message: string): ApiError {
  return new ApiError("INVALID_REQUEST", `The date range is invalid: ${field} ${message}.`, {
    errors: [{ field, message }],
  });
}
