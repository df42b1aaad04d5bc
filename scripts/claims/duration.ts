import { CliError } from "./cli-error.js";

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
// A rotation overlap is for a deploy to pick up a new secret; a year bounds a typo like 24000h.
const MAX_MS = 365 * UNIT_MS.d;

/** Parses a duration like `24h`, `90m` or `0s` (a whole number and s, m, h or d) into milliseconds. */
export function parseDuration(text: string, option: string): number {
  const match = /^(\d{1,9})([smhd])$/.exec(text.trim());
  if (!match) {
    throw new CliError(
      "BAD_USAGE",
      `${option} must be a whole number and s, m, h or d (e.g. 24h or 0s), got "${text}"`,
    );
  }
  const ms = Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  if (ms > MAX_MS) throw new CliError("BAD_USAGE", `${option} must be at most 365d, got "${text}"`);
  return ms;
}
