import { FieldPath, type Firestore } from "firebase-admin/firestore";
import { collectionPath } from "partner-api-functions/shared";
import type { BenchPartner } from "./fixtures.js";
import { measure } from "./load.js";

/** The partner sizes whose list latency is compared side by side. */
export const LATENCY_COUNTS = [10, 10000] as const;

/** p50 in ms of one list page, by entry count: through the API, and the API's query on Firestore alone. */
export interface ListLatency {
  api: Record<string, number>;
  firestore: Record<string, number>;
}

const QUERY_RUNS = 200;
const QUERY_WARM_UP = 20;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round((sorted[Math.floor(sorted.length / 2)] as number) * 100) / 100;
}

/**
 * The repository's first-page query (newest first, limit + 1), run sequentially with the Admin SDK: what
 * one list page costs Firestore, without the Functions emulator's overhead around it.
 */
async function queryP50(db: Firestore, partnerId: string, limit: number): Promise<number> {
  const page = () =>
    db
      .collection(collectionPath("entries", partnerId))
      .orderBy("createdAt", "desc")
      .orderBy(FieldPath.documentId(), "desc")
      .limit(limit + 1)
      .get();
  for (let i = 0; i < QUERY_WARM_UP; i++) await page();
  const times: number[] = [];
  for (let i = 0; i < QUERY_RUNS; i++) {
    const started = performance.now();
    await page();
    times.push(performance.now() - started);
  }
  return median(times);
}

/** List p50 at each of LATENCY_COUNTS, one connection, so the numbers differ only by collection size. */
export async function measureListLatency(
  db: Firestore,
  partners: ReadonlyMap<number, BenchPartner>,
  listUrl: string,
  limit: number,
  durationSeconds: number,
): Promise<ListLatency> {
  const latency: ListLatency = { api: {}, firestore: {} };
  for (const count of LATENCY_COUNTS) {
    const partner = partners.get(count) as BenchPartner;
    const api = await measure({
      url: listUrl,
      method: "GET",
      authorization: `Bearer ${partner.token}`,
      connections: 1,
      durationSeconds,
    });
    latency.api[count] = api.p50Ms;
    latency.firestore[count] = await queryP50(db, partner.partnerId, limit);
  }
  return latency;
}
