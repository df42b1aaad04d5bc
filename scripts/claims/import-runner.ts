import pLimit from "p-limit";
import { planGrant, type PlanOptions } from "./claims-plan.js";
import { applyPlan, ensurePartner, type ClaimsDeps, type PartnerOutcome } from "./claims-service.js";
import type { PlannedRow } from "./csv-import.js";
import { usersByUid } from "./users.js";

/** What an import did (or, in a dry run, would do). */
export interface ImportSummary {
  /** Rows whose user's claims changed. */
  granted: number;
  /** Rows whose user already held exactly these claims. */
  unchanged: number;
  failed: { line: number; user: string; message: string }[];
  /** Partner documents created (or that would be) because they did not exist. */
  partnersCreated: string[];
}

/** Rows are re-read in chunks of this size (one getUsers call each) right before they are applied. */
const CHUNK = 100;

/**
 * Applies validated import rows with at most `concurrency` rows in flight. A failed row is recorded and
 * the others go on. Claims are read again, a chunk at a time, just before writing, so a change made since
 * validation is merged rather than overwritten; the next chunk is read while the current one is applied.
 * Each partner is looked up (and created when missing) once per run, however many rows name it.
 */
export async function applyImport(
  deps: ClaimsDeps,
  rows: readonly PlannedRow[],
  {
    concurrency,
    dryRun,
    planOptions = {},
    onRowDone,
  }: { concurrency: number; dryRun: boolean; planOptions?: PlanOptions; onRowDone?: () => void },
): Promise<ImportSummary> {
  const summary: ImportSummary = { granted: 0, unchanged: 0, failed: [], partnersCreated: [] };
  const partners = new Map<string, Promise<PartnerOutcome>>();
  const partner = (partnerId: string) => {
    let outcome = partners.get(partnerId);
    if (!outcome) {
      outcome = ensurePartner(deps, partnerId, { dryRun });
      partners.set(partnerId, outcome);
    }
    return outcome;
  };
  const limit = pLimit(concurrency);
  const fail = (row: PlannedRow, message: string) =>
    summary.failed.push({ line: row.line, user: row.user, message });

  const chunks: PlannedRow[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) chunks.push(rows.slice(i, i + CHUNK));
  // Settled results, so a failed prefetch surfaces as failed rows of its chunk, never as an unhandled rejection.
  const read = (chunk: readonly PlannedRow[]) =>
    dryRun
      ? Promise.resolve({ users: null, error: null })
      : usersByUid(
          deps.auth,
          chunk.map((row) => row.plan.uid),
        ).then(
          (users) => ({ users, error: null }),
          (error: unknown) => ({ users: null, error: error as Error }),
        );

  const applyRow = async (row: PlannedRow, fresh: Awaited<ReturnType<typeof read>>) => {
    try {
      if (fresh.error) return fail(row, `cannot read the user again: ${fresh.error.message}`);
      let plan = row.plan;
      if (fresh.users) {
        const user = fresh.users.get(row.plan.uid);
        if (!user) return fail(row, `user ${row.plan.uid} no longer exists`);
        plan = planGrant(user, row.partner, planOptions);
      }
      await partner(row.partner.partnerId);
      await applyPlan(deps, plan, "claims.grant", { dryRun });
      if (plan.claimsChanged) summary.granted++;
      else summary.unchanged++;
    } catch (error) {
      fail(row, (error as Error).message);
    } finally {
      onRowDone?.();
    }
  };

  let next = chunks[0] ? read(chunks[0]) : null;
  for (let c = 0; c < chunks.length; c++) {
    const fresh = await (next ?? read(chunks[c] ?? []));
    const following = chunks[c + 1];
    next = following ? read(following) : null;
    await Promise.all((chunks[c] ?? []).map((row) => limit(() => applyRow(row, fresh))));
  }
  summary.failed.sort((a, b) => a.line - b.line);
  const outcomes = await Promise.all([...partners.values()].map((outcome) => outcome.catch(() => null)));
  summary.partnersCreated = outcomes.flatMap((o) => (o?.created ? [o.partnerId] : [])).sort();
  return summary;
}
