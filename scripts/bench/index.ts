import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { Command } from "commander";
import { startEmulatorStack, type EmulatorStack } from "../stack/emulator-stack.js";
import { FUNCTIONS_EMULATOR_HOST, PROJECT_ID, REGION, REPO_ROOT } from "../stack/stack-config.js";
import { measureColdStart } from "./cold-start.js";
import { createClientCredential } from "../stack/seed.js";
import { measureDeliveryLatency, waitForTriggerBacklog, type DeliveryLatency } from "./delivery-latency.js";
import { measureStorageTriggerLatency, type StorageTriggerLatency } from "./storage-trigger-latency.js";
import { openAdmin, seedPartner, type BenchPartner } from "./fixtures.js";
import { retireFunctionWorkers } from "./function-workers.js";
import { measureListLatency, type ListLatency } from "./list-latency.js";
import { measure } from "./load.js";
import { readsPerListRequest } from "./reads-per-list.js";
import { measureTokenEndpoint, type TokenEndpointRow } from "./token-endpoint.js";
import {
  ENTRY_COUNTS,
  HANDLERS,
  formatReport,
  judgeTargets,
  type ApiRow,
  type BenchResults,
  type Handler,
  type ReadsPerList,
} from "./report.js";

/** The token endpoint's runs: one caller, and ten at once (the two points). */
const TOKEN_CONNECTIONS = [1, 10] as const;

/** The API's default page size: what partners get without `limit`, and what the bench lists with. */
const LIST_LIMIT = 20;
const LOAD_ENTRIES = 1000;

const program = new Command("bench")
  .description("Benchmarks the partner API against a token-only baseline and a naive handler (DESIGN.md)")
  .option("--quick", "short runs for development (2 s measured, fewer cold starts)")
  .option("--duration <seconds>", "measured seconds per run", (value) => Number(value))
  .option("--connections <list>", "connection counts", (value) => value.split(",").map(Number), [1, 10, 50])
  .option("--webhook-entries <n>", "entries created for the webhook delivery latency", (value) =>
    Number(value),
  )
  .option("--out <file>", "results file", join(REPO_ROOT, "bench", "results.json"))
  .parse();

const options = program.opts<{
  quick?: boolean;
  duration?: number;
  connections: number[];
  webhookEntries?: number;
  out: string;
}>();
const durationSeconds = options.duration ?? (options.quick ? 2 : 8);
const coldStartRuns = options.quick ? 5 : 21;
const webhookEntries = options.webhookEntries ?? (options.quick ? 20 : 100);
/** Objects uploaded one by one for the Storage trigger latency. */
const storageUploads = options.quick ? 20 : 100;

const functionUrl = (name: string) => `http://${FUNCTIONS_EMULATOR_HOST}/${PROJECT_ID}/${REGION}/${name}`;
const FUNCTIONS: Record<Handler, string> = { ours: "partnerApi", baseline: "baseline", naive: "naive" };
const ROOTS: Record<Handler, string> = {
  ours: functionUrl(FUNCTIONS.ours),
  baseline: functionUrl(FUNCTIONS.baseline),
  naive: functionUrl(FUNCTIONS.naive),
};

const log = (message: string) => process.stderr.write(`bench: ${message}\n`);

async function main(): Promise<void> {
  log("starting the emulator stack with the bench handlers");
  const stack = await startEmulatorStack({
    // PARTNER_API_BENCH exports the baseline and naive handlers (emulator only); the rate limit is
    // lifted so the bench measures the API, not its 429s.
    // PARTNER_API_TRIGGER_PROBES exports the Storage trigger probes the trigger latency is read from.
    functionsEnv: {
      PARTNER_API_BENCH: "1",
      PARTNER_API_TRIGGER_PROBES: "1",
      RATE_LIMIT_PER_MINUTE: "1000000000",
    },
  });
  const stopOnSignal = () => void stack.stop().then(() => process.exit(130));
  process.once("SIGINT", stopOnSignal);
  process.once("SIGTERM", stopOnSignal);
  let api: ApiRow[];
  let readsPerList: ReadsPerList;
  let listLatency: ListLatency;
  let tokenEndpoint: TokenEndpointRow[];
  let webhookDelivery: DeliveryLatency[];
  let storageTrigger: StorageTriggerLatency;
  try {
    await assertBenchHandlersServe();
    const partners = await seedPartners();
    // Every seeded entry fires the webhook trigger; measure once those runs are over.
    await waitForTriggerBacklog(`${ROOTS.ours}/v1`, log);
    readsPerList = await measureReads(stack, partners);
    listLatency = await measureLatency(partners);
    api = await measureApi(partners.get(LOAD_ENTRIES) as BenchPartner);
    tokenEndpoint = await measureTokens();
    // The POST runs above wrote entries too; their trigger runs must not delay these deliveries.
    await waitForTriggerBacklog(`${ROOTS.ours}/v1`, log);
    log(`webhook delivery: ${webhookEntries} entries with 1 and with 10 endpoints`);
    webhookDelivery = await measureDeliveryLatency(`${ROOTS.ours}/v1`, webhookEntries, log);
    log(`storage trigger: ${storageUploads} uploads, finalize to handler start`);
    storageTrigger = await measureStorageTriggerLatency(storageUploads);
  } finally {
    log("stopping the stack");
    await stack.stop();
  }
  log(`cold start: ${coldStartRuns} fresh processes each`);
  const coldStart = await measureColdStart(coldStartRuns);
  const results: BenchResults = {
    generatedAt: new Date().toISOString(),
    settings: {
      durationSeconds,
      warmUp: "3 requests per connection, then 2 s, before each measured run",
      loadEntries: LOAD_ENTRIES,
      listLimit: LIST_LIMIT,
      postIdempotency: "a unique Idempotency-Key per request",
      firestore: stack.firestoreBackend,
      webhookEntries,
    },
    api,
    readsPerList,
    listLatency,
    tokenEndpoint,
    webhookDelivery,
    storageTrigger,
    coldStart,
    targets: judgeTargets(api, readsPerList, coldStart, LIST_LIMIT),
  };
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(formatReport(results));
  console.log(`\nwrote ${options.out}`);
}

/** The bench handlers exist only when the stack passed PARTNER_API_BENCH; a 401 shows they run. */
async function assertBenchHandlersServe(): Promise<void> {
  for (const handler of ["baseline", "naive"] as const) {
    const response = await fetch(`${ROOTS[handler]}/v1/entries`);
    if (response.status !== 401) {
      throw new Error(`the ${handler} handler is not deployed in the emulator (got ${response.status})`);
    }
  }
}

async function seedPartners(): Promise<Map<number, BenchPartner>> {
  const admin = openAdmin();
  try {
    const partners = new Map<number, BenchPartner>();
    for (const count of ENTRY_COUNTS) {
      const started = performance.now();
      partners.set(count, await seedPartner(admin, `bench-${count}`, count));
      log(`seeded bench-${count} with ${count} entries in ${Math.round(performance.now() - started)} ms`);
    }
    return partners;
  } finally {
    await admin.close();
  }
}

async function measureReads(
  stack: EmulatorStack,
  partners: Map<number, BenchPartner>,
): Promise<ReadsPerList> {
  const reads: ReadsPerList = { ours: {}, naive: {} };
  for (const count of ENTRY_COUNTS) {
    const { token } = partners.get(count) as BenchPartner;
    for (const handler of ["ours", "naive"] as const) {
      const url = `${ROOTS[handler]}/v1/entries?limit=${LIST_LIMIT}`;
      reads[handler][count] = stack.embeddedFirestore
        ? await readsPerListRequest(stack.embeddedFirestore, url, token)
        : null;
    }
    log(`reads per list at ${count} entries: ours ${reads.ours[count]}, naive ${reads.naive[count]}`);
  }
  return reads;
}

async function measureLatency(partners: Map<number, BenchPartner>): Promise<ListLatency> {
  const admin = openAdmin();
  try {
    const url = `${ROOTS.ours}/v1/entries?limit=${LIST_LIMIT}`;
    const latency = await measureListLatency(admin.firestore, partners, url, LIST_LIMIT, durationSeconds);
    log(
      `list p50 by entries: API ${JSON.stringify(latency.api)}, Firestore query ${JSON.stringify(latency.firestore)}`,
    );
    return latency;
  } finally {
    await admin.close();
  }
}

async function measureTokens(): Promise<TokenEndpointRow[]> {
  const client = await createClientCredential("bench-10", "entries:read,entries:write", "bench client");
  const rows = await measureTokenEndpoint({
    tokenUrl: `${ROOTS.ours}/v1/oauth/token`,
    minimalUrl: functionUrl("minimal"),
    client,
    connections: TOKEN_CONNECTIONS,
    durationSeconds,
  });
  for (const row of rows) {
    log(
      `POST /v1/oauth/token ×${row.connections}: p50 ${row.tokenEndpoint.p50Ms} ms (minimal ${row.minimal.p50Ms} ms, +${row.addedP50Ms}), p99 ${row.tokenEndpoint.p99Ms} ms (+${row.addedP99Ms}), ${row.tokenEndpoint.failed} failed`,
    );
  }
  retireFunctionWorkers("minimal");
  return rows;
}

/** Every route at every connection count for every handler; POSTs last, since they add entries. */
async function measureApi(partner: BenchPartner): Promise<ApiRow[]> {
  const someId = partner.entryIds[Math.floor(partner.entryIds.length / 2)] as string;
  const routes = [
    { route: "GET /v1/entries", method: "GET", path: `/v1/entries?limit=${LIST_LIMIT}` },
    { route: "GET /v1/entries/{id}", method: "GET", path: `/v1/entries/${someId}` },
    { route: "POST /v1/entries", method: "POST", path: "/v1/entries", body: newEntry() },
  ] as const;
  const rows: ApiRow[] = [];
  for (const { route, method, path, ...rest } of routes) {
    for (const connections of options.connections) {
      const row = { route, connections } as ApiRow;
      for (const handler of HANDLERS) {
        row[handler] = await measure({
          url: `${ROOTS[handler]}${path}`,
          method,
          authorization: `Bearer ${partner.token}`,
          body: "body" in rest ? rest.body : undefined,
          connections,
          durationSeconds,
        });
        // Each run starts from fresh workers and leaves none behind to fill the machine's memory.
        if (connections > 1) retireFunctionWorkers(FUNCTIONS[handler]);
        const { p50Ms, p99Ms, rps, failed } = row[handler];
        log(
          `${route} ×${connections} ${handler}: p50 ${p50Ms} ms, p99 ${p99Ms} ms, ${rps} req/s, ${failed} failed`,
        );
      }
      rows.push(row);
    }
  }
  return rows;
}

function newEntry() {
  return {
    type: "income",
    amountMinor: 1250,
    currency: "EUR",
    description: "Bench lunch service",
    category: "sales",
    occurredAt: "2026-11-20T12:00:00Z",
  };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
