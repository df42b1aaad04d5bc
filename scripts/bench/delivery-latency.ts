import { Timestamp } from "firebase-admin/firestore";
import { documentPath } from "partner-api-functions/shared";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver.js";
import { openAdmin, seedPartner, type BenchPartner } from "./fixtures.js";

/** Commit-to-delivery latency with this many endpoints subscribed, beside the API's own POST latency. */
export interface DeliveryLatency {
  endpoints: number;
  entries: number;
  /** Deliveries expected (entries × endpoints) and received before the wait ended. */
  expected: number;
  received: number;
  /** From the entry's commit (the event's createdAt, Firestore's commit time) to its arrival. */
  commitToDelivery: { p50Ms: number; p99Ms: number };
  /** The POST /v1/entries that made each change, as its client saw it. */
  post: { p50Ms: number; p99Ms: number };
}

/** The endpoint counts DESIGN's issue asks for. */
export const ENDPOINT_COUNTS = [1, 10] as const;

// Entries are created one after another at most this often: a steady flow, not a burst, so the
// figures say how long one change takes to reach its receivers rather than how long a queue drains.
const ENTRY_SPACING_MS = 200;
const DRAIN_TIMEOUT_MS = 600_000;

const newEntry = {
  type: "income",
  amountMinor: 1250,
  currency: "EUR",
  description: "Bench webhook entry",
  category: "sales",
  occurredAt: "2026-11-20T12:00:00Z",
};

/**
 * Waits until the stack has run the Firestore triggers of every write made so far (seeding writes
 * thousands of entries, and each fires the webhook trigger), so later measurements do not share the
 * machine with that backlog: a sentinel entry written last is delivered once the triggers before it ran.
 */
export async function waitForTriggerBacklog(apiBase: string, log: (message: string) => void): Promise<void> {
  const receiver = await startWebhookReceiver();
  const admin = openAdmin();
  try {
    // A partner of its own each time: the bench drains more than once.
    const partner = await seedPartner(admin, `bench-drain-${Date.now().toString(36)}`, 0, [
      "webhooks:manage",
    ]);
    await register(apiBase, partner, receiver, "/drain", 1);
    const started = performance.now();
    const at = Timestamp.now();
    await admin.firestore.doc(documentPath("entries", partner.partnerId, "sentinel")).set({
      partnerId: partner.partnerId,
      ...newEntry,
      occurredAt: at,
      status: "posted",
      version: 1,
      createdAt: at,
      updatedAt: at,
    });
    await receiver.waitFor("/drain/0", 1, DRAIN_TIMEOUT_MS);
    log(`trigger backlog drained in ${Math.round(performance.now() - started)} ms`);
  } finally {
    await receiver.close();
    await admin.close();
  }
}

/** Creates entries through the API with 1 and with 10 endpoints subscribed, timing each delivery. */
export async function measureDeliveryLatency(
  apiBase: string,
  entries: number,
  log: (message: string) => void,
): Promise<DeliveryLatency[]> {
  const receiver = await startWebhookReceiver();
  const admin = openAdmin();
  try {
    const results: DeliveryLatency[] = [];
    for (const endpoints of ENDPOINT_COUNTS) {
      const partner = await seedPartner(admin, `bench-webhooks-${endpoints}`, 0, [
        "entries:write",
        "webhooks:manage",
      ]);
      const prefix = `/e${endpoints}`;
      await register(apiBase, partner, receiver, prefix, endpoints);
      const posts: number[] = [];
      for (let index = 0; index < entries; index++) {
        const started = performance.now();
        const response = await fetch(`${apiBase}/entries`, {
          method: "POST",
          headers: { authorization: `Bearer ${partner.token}`, "content-type": "application/json" },
          body: JSON.stringify(newEntry),
        });
        await response.arrayBuffer();
        const elapsed = performance.now() - started;
        if (response.status !== 201) throw new Error(`POST /v1/entries answered ${response.status}`);
        posts.push(elapsed);
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, ENTRY_SPACING_MS - elapsed)));
      }
      const paths = Array.from({ length: endpoints }, (_, index) => `${prefix}/${index}`);
      // Every delivery, or whatever arrived within a minute of the last POST.
      await Promise.all(paths.map((path) => receiver.waitFor(path, entries, 60_000).catch(() => undefined)));
      const latencies = paths.flatMap((path) =>
        receiver.received(path).map(({ body, receivedAt }) => {
          const event = JSON.parse(body) as { createdAt: string };
          return receivedAt - Date.parse(event.createdAt);
        }),
      );
      const result: DeliveryLatency = {
        endpoints,
        entries,
        expected: entries * endpoints,
        received: latencies.length,
        commitToDelivery: { p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) },
        post: { p50Ms: percentile(posts, 50), p99Ms: percentile(posts, 99) },
      };
      log(`webhooks with ${endpoints} endpoint(s): ${JSON.stringify(result)}`);
      results.push(result);
    }
    return results;
  } finally {
    await receiver.close();
    await admin.close();
  }
}

/** Registers `count` endpoints, `${prefix}/0` … on the receiver, for every entry event. */
async function register(
  apiBase: string,
  partner: BenchPartner,
  receiver: WebhookReceiver,
  prefix: string,
  count: number,
): Promise<void> {
  for (let index = 0; index < count; index++) {
    const response = await fetch(`${apiBase}/webhook-endpoints`, {
      method: "POST",
      headers: { authorization: `Bearer ${partner.token}`, "content-type": "application/json" },
      body: JSON.stringify({
        url: receiver.url(`${prefix}/${index}`),
        events: ["entry.created", "entry.updated"],
      }),
    });
    if (response.status !== 201) throw new Error(`registering an endpoint answered ${response.status}`);
  }
}

/** The nearest-rank percentile, in whole milliseconds; 0 for no values. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number);
}
