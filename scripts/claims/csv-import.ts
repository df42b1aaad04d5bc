import { parse } from "csv-parse/sync";
import type { UserRecord } from "firebase-admin/auth";
import type { PartnerClaims } from "partner-api-functions/shared";
import {
  parsePartnerClaims,
  planGrant,
  splitScopes,
  type ClaimsPlan,
  type PlanOptions,
} from "./claims-plan.js";
import { CliError } from "./cli-error.js";

/** One data row of an import file, with the line it starts on (the header is line 1). */
export interface ImportRow {
  line: number;
  user: string;
  partner: PartnerClaims;
}

/** A row that cannot be applied, and why. */
export interface RowProblem {
  line: number;
  message: string;
}

const COLUMNS = ["user", "partner", "scopes"] as const;

/**
 * Parses and validates an import file (header `user,partner,scopes`; scopes split by ';', ',' or spaces).
 * Reports every bad row with its line number instead of stopping at the first.
 */
export function parseImportCsv(text: string): { rows: ImportRow[]; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  let header: string[] = [];
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      columns: (names: string[]) => (header = names.map((name) => name.trim().toLowerCase())),
      info: true,
      trim: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (error) => {
        if (error) problems.push({ line: Number(error.lines), message: error.message });
      },
    });
  } catch (error) {
    throw new CliError("INVALID_INPUT", `not a readable CSV file: ${(error as Error).message}`);
  }
  const missing = COLUMNS.filter((column) => !header.includes(column));
  if (header.length === 0 || missing.length > 0) {
    throw new CliError(
      "INVALID_INPUT",
      `line 1 must be the header "${COLUMNS.join(",")}"` +
        (missing.length ? ` (missing: ${missing.join(", ")})` : ""),
    );
  }

  const rows: ImportRow[] = [];
  const firstLineOfUser = new Map<string, number>();
  for (const { record, info } of records) {
    // info.lines counts the lines read when the record ended; rows here are one line each.
    const line = info.lines;
    const user = record.user ?? "";
    const scopes = splitScopes(record.scopes ?? "");
    const rowProblems: string[] = [];
    if (user === "") rowProblems.push("user: empty (give a uid or an email)");
    if (scopes.length === 0) rowProblems.push("scopes: empty (give at least one scope)");
    const parsed = parsePartnerClaims(record.partner ?? "", scopes);
    if (!parsed.ok) rowProblems.push(...parsed.problems);
    const key = user.toLowerCase();
    const earlier = firstLineOfUser.get(key);
    if (user !== "" && earlier !== undefined) rowProblems.push(`user: ${user} is already on line ${earlier}`);
    else if (user !== "") firstLineOfUser.set(key, line);

    if (rowProblems.length > 0) problems.push({ line, message: rowProblems.join("; ") });
    else if (parsed.ok) rows.push({ line, user, partner: parsed.claims });
  }
  return { rows, problems: problems.sort((a, b) => a.line - b.line) };
}

/** A validated row bound to its user and planned claims. */
export interface PlannedRow extends ImportRow {
  plan: ClaimsPlan;
}

/**
 * The second validation pass, once users are looked up: unknown users, two rows naming one user
 * (by uid and by email), claims Firebase would reject, and a role another system set (unless
 * `options.overrideRole`) are all bad rows.
 */
export function planImport(
  rows: readonly ImportRow[],
  users: ReadonlyMap<string, UserRecord>,
  options: PlanOptions = {},
): { planned: PlannedRow[]; problems: RowProblem[] } {
  const planned: PlannedRow[] = [];
  const problems: RowProblem[] = [];
  const lineOfUid = new Map<string, number>();
  for (const row of rows) {
    const user = users.get(row.user);
    if (!user) {
      problems.push({ line: row.line, message: `user: no user with uid or email "${row.user}"` });
      continue;
    }
    const earlier = lineOfUid.get(user.uid);
    if (earlier !== undefined) {
      problems.push({ line: row.line, message: `user: ${row.user} is the same user as line ${earlier}` });
      continue;
    }
    lineOfUid.set(user.uid, row.line);
    try {
      planned.push({ ...row, plan: planGrant(user, row.partner, options) });
    } catch (error) {
      problems.push({ line: row.line, message: (error as Error).message });
    }
  }
  return { planned, problems };
}
