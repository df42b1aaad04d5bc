import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One request a receiver got, as it arrived: the raw body is what a signature covers. */
export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  receivedAt: number;
}

/** How a receiver answers the n-th request (from 1) on a path: a status, and headers. */
export type Answer = (n: number) => { status: number; headers?: Record<string, string> };

/**
 * A partner's webhook receiver on a loopback port (the stack lets the functions reach 127.0.0.1), as
 * a partner would run one: it records what arrives and answers as scripted, per path. The webhook
 * tests and the bench use it.
 */
export interface WebhookReceiver {
  /** The URL of a path on this receiver, e.g. url("/hooks/a"). */
  url(path: string): string;
  /** Scripts the answers on a path (by default 200). */
  answer(path: string, answer: Answer): void;
  received(path: string): ReceivedWebhook[];
  /** Resolves once `count` requests arrived on the path; rejects after `timeoutMs`. */
  waitFor(path: string, count: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const requests: ReceivedWebhook[] = [];
  const answers = new Map<string, Answer>();
  const waiters = new Set<() => void>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const path = req.url ?? "/";
      requests.push({
        path,
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
        receivedAt: Date.now(),
      });
      const n = requests.filter((request) => request.path === path).length;
      const answer: Answer = answers.get(path) ?? (() => ({ status: 200 }));
      const { status, headers } = answer(n);
      res.writeHead(status, headers).end("received");
      for (const wake of waiters) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const received = (path: string) => requests.filter((request) => request.path === path);
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    answer: (path, answer) => void answers.set(path, answer),
    received,
    waitFor: (path, count, timeoutMs = 60_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (received(path).length < count) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(received(path));
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(`${received(path).length} of ${count} webhooks arrived at ${path} in ${timeoutMs} ms`),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
