import autocannon from "autocannon";

/** What one handler did under one load: the numbers DESIGN.md's results.json carries. */
export interface LoadResult {
  p50Ms: number;
  p99Ms: number;
  rps: number;
  /** Responses that were not 2xx, plus connection errors and timeouts (should be 0). */
  failed: number;
  /** Responses received in the measured window; 0 means the numbers above mean nothing. */
  completed: number;
}

export interface LoadSpec {
  url: string;
  method: "GET" | "POST";
  /** The Authorization header's value. */
  authorization: string;
  /** A JSON body (sent with a fresh Idempotency-Key per request), or a form for the token endpoint. */
  body?: unknown;
  connections: number;
  /** Measured seconds, after the warm-up. */
  durationSeconds: number;
}

/** Placeholder autocannon replaces with a fresh id in every request (its idReplacement option). */
const FRESH_ID = "[<id>]";
const WARM_UP_SECONDS = 2;

/**
 * Warms up, then measures. The Functions emulator starts one worker process per concurrent request,
 * so the warm-up sends three requests per connection and then runs for two seconds: the measured run
 * then sees warm workers (with firebase-admin loaded and, for the API, its per-instance token cache filled).
 * JSON POSTs carry a unique Idempotency-Key per request (baseline and naive ignore it).
 * autocannon runs in a worker thread, off the event loop of this process, which hosts Firestore.
 */
export async function measure(spec: LoadSpec): Promise<LoadResult> {
  const options: autocannon.Options = {
    url: spec.url,
    method: spec.method,
    connections: spec.connections,
    workers: 1,
    idReplacement: true,
    headers: { authorization: spec.authorization, ...bodyHeaders(spec.body) },
    ...(spec.body === undefined
      ? {}
      : { body: String(spec.body instanceof URLSearchParams ? spec.body : JSON.stringify(spec.body)) }),
  };
  await autocannon({ ...options, amount: spec.connections * 3, timeout: 120 });
  await autocannon({ ...options, duration: WARM_UP_SECONDS, timeout: 30 });
  const result = await autocannon({ ...options, duration: spec.durationSeconds, timeout: 30 });
  return {
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    rps: Math.round(result.requests.average * 10) / 10,
    failed: result.non2xx + result.errors + result.timeouts,
    completed: result.requests.total,
  };
}

function bodyHeaders(body: unknown): Record<string, string> {
  if (body === undefined) return {};
  if (body instanceof URLSearchParams) return { "content-type": "application/x-www-form-urlencoded" };
  return { "content-type": "application/json", "idempotency-key": `bench-${FRESH_ID}` };
}
