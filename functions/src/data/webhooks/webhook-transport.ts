import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";
import { RESPONSE_BODY_PREFIX_BYTES } from "../../domain/webhooks/webhook-delivery.js";
import { addressProblem, type TargetPolicy } from "../../domain/webhooks/webhook-target.js";
import type { WebhookResponse, WebhookTransport } from "../../domain/webhooks/ports.js";

/** How long one attempt may take, connection to last byte read (DESIGN.md: 15 s per attempt). */
export const ATTEMPT_TIMEOUT_MS = 15_000;

export interface TransportOptions {
  policy: TargetPolicy;
  timeoutMs?: number;
  /** Resolves host names (tests pass a fake one); the system resolver by default. */
  lookup?: typeof dnsLookup;
}

/**
 * POSTs deliveries with node:http(s), which follows no redirect (a 3xx is a failed attempt). The
 * target policy is applied where the connection is made: every address the host name resolves to
 * must pass, and the socket connects to the address that was checked, so a name re-pointed between
 * the check and the connection (DNS rebinding) cannot slip through. Hand-written on node:http rather
 * than fetch because fetch offers no hook between resolution and connection.
 */
export function createWebhookTransport({
  policy,
  timeoutMs = ATTEMPT_TIMEOUT_MS,
  lookup = dnsLookup,
}: TransportOptions): WebhookTransport {
  const checkedLookup: LookupFunction = (hostname, options, callback) => {
    lookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, "", 0);
      const problem = addresses.map(({ address }) => addressProblem(address, policy)).find(Boolean);
      if (problem || addresses.length === 0) {
        return callback(refused(problem ?? `${hostname} has no address`), "", 0);
      }
      if (options.all) return callback(null, addresses);
      const [first] = addresses as [LookupAddress];
      callback(null, first.address, first.family);
    });
  };
  const agents = {
    "http:": new http.Agent({ keepAlive: true }),
    "https:": new https.Agent({ keepAlive: true }),
  };

  return (request) =>
    new Promise<WebhookResponse>((resolve) => {
      const started = performance.now();
      const elapsed = () => performance.now() - started;
      const fail = (error: string) => resolve({ kind: "failed", error, durationMs: elapsed() });
      const url = new URL(request.url);
      // A literal address is never looked up, so it is checked here.
      const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
      const literalProblem = ipaddr.isValid(host) ? addressProblem(host, policy) : null;
      if (literalProblem) return fail(`refused: ${literalProblem}`);
      const client = url.protocol === "https:" ? https : http;
      const req = client.request(
        url,
        {
          method: "POST",
          headers: { ...request.headers, "content-length": String(Buffer.byteLength(request.body)) },
          agent: url.protocol === "https:" ? agents["https:"] : agents["http:"],
          lookup: checkedLookup,
          signal: AbortSignal.timeout(timeoutMs),
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          const answer = () => {
            const retryAfter = res.headers["retry-after"];
            resolve({
              kind: "answered",
              status: res.statusCode ?? 0,
              retryAfter: typeof retryAfter === "string" ? retryAfter : null,
              bodyPrefix: Buffer.concat(chunks).subarray(0, RESPONSE_BODY_PREFIX_BYTES).toString("utf8"),
              durationMs: elapsed(),
            });
          };
          res.on("data", (chunk: Buffer) => {
            chunks.push(chunk);
            size += chunk.length;
            // Enough for the log: the rest of a large answer is never read.
            if (size >= RESPONSE_BODY_PREFIX_BYTES) {
              answer();
              res.destroy();
            }
          });
          res.on("end", answer);
          // An answer cut short after its status line still counts as an answer with what arrived.
          res.on("error", answer);
        },
      );
      req.on("error", (error) => fail(describe(error, timeoutMs)));
      req.end(request.body);
    });
}

function refused(problem: string): Error {
  return Object.assign(new Error(`refused: ${problem}`), { code: "ETARGETREFUSED" });
}

function describe(error: Error & { code?: string }, timeoutMs: number): string {
  if (error.name === "TimeoutError" || error.name === "AbortError") {
    return `no answer within ${timeoutMs / 1000} s`;
  }
  if (error.code === "ETARGETREFUSED") return error.message;
  return error.code ? `${error.code}: ${error.message}` : error.message;
}
