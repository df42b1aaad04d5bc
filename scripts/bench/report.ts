import type { ColdStartResult } from "./cold-start.js";
import type { DeliveryLatency } from "./delivery-latency.js";
import { LATENCY_COUNTS, type ListLatency } from "./list-latency.js";
import type { LoadResult } from "./load.js";
import type { StorageTriggerLatency } from "./storage-trigger-latency.js";
import type { TokenEndpointRow } from "./token-endpoint.js";

export type Handler = "ours" | "baseline" | "naive";
export const HANDLERS: readonly Handler[] = ["ours", "baseline", "naive"];
export const ENTRY_COUNTS = [10, 1000, 10000] as const;

/** One row of results.json's `api`: a route at one connection count, for every handler. */
export type ApiRow = { route: string; connections: number } & Record<Handler, LoadResult>;

/** Reads per list request by entry count; null where Firestore could not count (official emulator). */
export type ReadsPerList = Record<"ours" | "naive", Record<string, number | null>>;

export interface Target {
  description: string;
  actual: string;
  met: boolean | null;
}

/** The shape DESIGN.md ("Benchmarks") fixes, plus the run's settings and the targets. */
export interface BenchResults {
  generatedAt: string;
  settings: Record<string, unknown>;
  api: ApiRow[];
  readsPerList: ReadsPerList;
  /** List p50 by collection size: ordered queries should cost about the same at 10 and 10,000 entries. */
  listLatency: ListLatency;
  /** `POST /v1/oauth/token` beside a minimal handler, at 1 and 10 connections. */
  tokenEndpoint: TokenEndpointRow[];
  /** Webhooks: from an entry's commit to its delivery at a local receiver, with 1 and 10 endpoints. */
  webhookDelivery: DeliveryLatency[];
  /** Storage triggers: from a finalized upload to its onObjectFinalized handler's start. */
  storageTrigger: StorageTriggerLatency;
  coldStart: ColdStartResult;
  targets: Record<string, Target>;
}

/** Judges the issue's targets; a target whose numbers are missing is `met: null`. */
export function judgeTargets(
  api: ApiRow[],
  reads: ReadsPerList,
  coldStart: ColdStartResult,
  listLimit: number,
): Record<string, Target> {
  const ours = ENTRY_COUNTS.map((count) => reads.ours[count] ?? null);
  const counted = ours.every((value) => value !== null);
  const list10 = api.find((row) => row.route === "GET /v1/entries" && row.connections === 10);
  const p50 = (handler: Handler) => (list10?.[handler].completed ? list10[handler].p50Ms : undefined);
  const ratio = (a?: number, b?: number) => (a !== undefined && b ? Math.round((a / b) * 100) / 100 : null);
  const vsNaive = ratio(p50("ours"), p50("naive"));
  const vsBaseline = ratio(p50("ours"), p50("baseline"));
  return {
    readsFlat: {
      description: `our reads per list request flat in entries (at most limit + 1 = ${listLimit + 1})`,
      actual: ENTRY_COUNTS.map((count, i) => `${count}: ${ours[i] ?? "n/a"}`).join(", "),
      met: counted ? (ours as number[]).every((value) => value <= listLimit + 1) : null,
    },
    listVsNaive: {
      description: "our list p50 at most half the naive handler's at 10 connections",
      actual: vsNaive === null ? "n/a" : `${vsNaive}× naive`,
      met: vsNaive === null ? null : vsNaive <= 0.5,
    },
    listVsBaseline: {
      description: "our list p50 at most 3× the token-only baseline's at 10 connections",
      actual: vsBaseline === null ? "n/a" : `${vsBaseline}× baseline`,
      met: vsBaseline === null ? null : vsBaseline <= 3,
    },
    coldStart: {
      description: "cold-start ratio (entry module / minimal onRequest module) at most 1.3",
      actual: `${coldStart.ratio}`,
      met: coldStart.ratio <= 1.3,
    },
  };
}

/** The printed report: API table, reads per list, cold start, targets. */
export function formatReport(results: BenchResults): string {
  const lines: string[] = [];
  const cell = (r: LoadResult) =>
    r.completed === 0
      ? "no response in window".padStart(24)
      : `${fixed(r.p50Ms)}/${fixed(r.p99Ms)} ms ${fixed(r.rps)}/s${r.failed ? ` !${r.failed}` : ""}`.padStart(
          24,
        );
  lines.push(
    "API: p50/p99 latency, requests per second (1,000 entries; '!n' = n failed responses)",
    `${"route".padEnd(22)}${"conns".padStart(6)}${HANDLERS.map((h) => h.padStart(24)).join("")}`,
  );
  for (const row of results.api) {
    lines.push(
      `${row.route.padEnd(22)}${String(row.connections).padStart(6)}${HANDLERS.map((h) => cell(row[h])).join("")}`,
    );
  }
  lines.push("", "Firestore document reads per list request (limit 20)");
  lines.push(`${"entries".padEnd(10)}${ENTRY_COUNTS.map((n) => String(n).padStart(10)).join("")}`);
  for (const handler of ["ours", "naive"] as const) {
    const values = ENTRY_COUNTS.map((n) => String(results.readsPerList[handler][n] ?? "n/a").padStart(10));
    lines.push(`${handler.padEnd(10)}${values.join("")}`);
  }
  lines.push("", "List page p50 in ms (limit 20, 1 connection) by entries in the partner's collection");
  lines.push(`${"".padEnd(22)}${LATENCY_COUNTS.map((n) => String(n).padStart(10)).join("")}`);
  for (const [label, values] of [
    ["API GET /v1/entries", results.listLatency.api],
    ["Firestore query only", results.listLatency.firestore],
  ] as const) {
    lines.push(
      `${label.padEnd(22)}${LATENCY_COUNTS.map((n) => fixed(values[n] ?? 0).padStart(10)).join("")}`,
    );
  }
  lines.push("", "POST /v1/oauth/token beside a minimal handler: p50/p99 latency, requests per second");
  lines.push(
    `${"conns".padStart(6)}${"token endpoint".padStart(24)}${"minimal".padStart(24)}${"added p50/p99".padStart(18)}`,
  );
  for (const row of results.tokenEndpoint) {
    lines.push(
      `${String(row.connections).padStart(6)}${cell(row.tokenEndpoint)}${cell(row.minimal)}${`+${fixed(row.addedP50Ms)}/+${fixed(row.addedP99Ms)} ms`.padStart(18)}`,
    );
  }
  lines.push(
    "",
    "Webhooks: entry commit to delivery at a loopback receiver, beside the POST that made the entry",
  );
  lines.push(
    `${"endpoints".padEnd(10)}${"delivered".padStart(12)}${"commit→delivery p50/p99".padStart(26)}${"POST p50/p99".padStart(16)}`,
  );
  for (const row of results.webhookDelivery) {
    lines.push(
      `${String(row.endpoints).padEnd(10)}${`${row.received}/${row.expected}`.padStart(12)}` +
        `${`${row.commitToDelivery.p50Ms}/${row.commitToDelivery.p99Ms} ms`.padStart(26)}` +
        `${`${row.post.p50Ms}/${row.post.p99Ms} ms`.padStart(16)}`,
    );
  }
  const { uploads, firstMs, finalizeToHandler } = results.storageTrigger;
  lines.push(
    "",
    `Storage trigger: finalize to onObjectFinalized handler start over ${uploads} uploads one by one: ` +
      `p50 ${finalizeToHandler.p50Ms} ms, p99 ${finalizeToHandler.p99Ms} ms (the first, starting the worker: ${firstMs} ms)`,
  );
  const { entryMs, minimalMs, ratio, runs } = results.coldStart;
  lines.push(
    "",
    `Cold start (median of ${runs} fresh Node processes): entry ${entryMs} ms, minimal onRequest ${minimalMs} ms, ratio ${ratio}`,
    "",
    "Targets",
  );
  for (const target of Object.values(results.targets)) {
    const mark = target.met === null ? "n/a " : target.met ? "met " : "MISS";
    lines.push(`  [${mark}] ${target.description}: ${target.actual}`);
  }
  return lines.join("\n");
}

const fixed = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1));
