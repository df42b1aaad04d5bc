import { z } from "zod";

/**
 * The usage contract (DESIGN.md "Usage and quotas"), written once: the handler validates with these
 * schemas and /v1/openapi.json is generated from them.
 */

export const STATUS_CLASSES = ["2xx", "3xx", "4xx", "5xx"] as const;
export type StatusClass = (typeof STATUS_CLASSES)[number];

/** The longest range one report covers. */
export const MAX_USAGE_DAYS = 93;
/** The range a report covers when none is asked for: the last 7 days, today included. */
export const DEFAULT_USAGE_DAYS = 7;

const date = z.iso.date().describe("A UTC day, YYYY-MM-DD.");

export const usageQuerySchema = z.strictObject({
  from: date.optional().describe("The first UTC day (YYYY-MM-DD); default: six days before `to`."),
  to: date.optional().describe("The last UTC day (YYYY-MM-DD), included; default: today."),
});
export type UsageQuery = z.infer<typeof usageQuerySchema>;

export const usageDaySchema = z.object({
  date: z.iso.date(),
  requests: z.int().min(0),
  byStatusClass: z.object({ "2xx": z.int(), "3xx": z.int(), "4xx": z.int(), "5xx": z.int() }),
  byRoute: z
    .record(z.string(), z.int())
    .describe('Requests per route, as METHOD and path template, e.g. "GET /v1/entries/{id}".'),
});

export type UsageDay = z.infer<typeof usageDaySchema>;

export const usageReportSchema = z.object({
  data: z.array(usageDaySchema).describe("Every day of the range, oldest first (days without requests too)."),
  quota: z.object({
    daily: z.int().nullable().describe("Requests allowed per UTC day; null: unlimited."),
    usedToday: z.int().min(0),
    resetsAt: z.iso.datetime().describe("The next UTC midnight, when usedToday starts again from 0."),
  }),
});
export type UsageReport = z.infer<typeof usageReportSchema>;
