import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { CloudEvent } from "firebase-functions/v2";

/** One trigger request as the receiver got it. */
export interface ReceivedEvent {
  /** The trigger key from `/functions/projects/{project}/triggers/{key}`. */
  readonly key: string;
  readonly projectId: string;
  readonly headers: IncomingHttpHeaders;
  /**
   * The event as firebase-tools' Functions emulator hands it to the function: a structured-mode body
   * (`application/cloudevents+json`, Storage's) parsed as JSON; a binary-mode one (Firestore's) as the
   * `ce-*` headers for attributes and the base64 body decoded to the event data's bytes.
   */
  readonly event: CloudEvent<unknown> & Record<string, unknown>;
}

/** What the receiver answers for one request: a status, or "hang" to answer only when released. */
export type Answer = number | "hang";

/**
 * Test support for the emulators' trigger tests: a stand-in for the Functions emulator's background-trigger route, on a loopback port: records every
 * event, and answers what `answer` says (200 by default); `GET /backends` lists `triggers`.
 */
export interface FunctionsReceiver {
  readonly host: string;
  readonly received: ReceivedEvent[];
  /** Chooses the answer to the next request (each call of it is one request). */
  answer: (request: ReceivedEvent) => Answer;
  /** The trigger definitions `GET /backends` lists, as the Functions emulator's does (id, eventTrigger). */
  triggers: { id: string; eventTrigger: { eventType: string; retry: boolean } }[];
  /** Answers every held request with 200. */
  release(): void;
  /** Resolves once `count` requests have arrived in total. */
  waitFor(count: number): Promise<ReceivedEvent[]>;
  close(): Promise<void>;
}

function decodeEvent(headers: IncomingHttpHeaders, body: string): ReceivedEvent["event"] {
  if (headers["content-type"]?.startsWith("application/cloudevents+json"))
    return JSON.parse(body) as ReceivedEvent["event"];
  const attributes = Object.fromEntries(
    Object.entries(headers)
      .filter(([name]) => name.startsWith("ce-"))
      .map(([name, value]) => [name.slice(3), value]),
  );
  return { ...attributes, data: Buffer.from(body, "base64") } as ReceivedEvent["event"];
}

const TRIGGER_ROUTE = /^\/functions\/projects\/([^/]+)\/triggers\/([^/?]+)$/;

export async function startFunctionsReceiver(): Promise<FunctionsReceiver> {
  const received: ReceivedEvent[] = [];
  const held: (() => void)[] = [];
  let waiters: { count: number; resolve: (events: ReceivedEvent[]) => void }[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      if (request.method === "GET" && request.url === "/backends") {
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify({ backends: [{ functionTriggers: receiver.triggers }] }));
        return;
      }
      const match = TRIGGER_ROUTE.exec(request.url ?? "");
      if (match === null || request.method !== "POST") {
        response.writeHead(404).end();
        return;
      }
      const event = decodeEvent(request.headers, Buffer.concat(chunks).toString("utf8"));
      const entry: ReceivedEvent = {
        projectId: match[1] as string,
        key: match[2] as string,
        headers: request.headers,
        event,
      };
      received.push(entry);
      const answer = receiver.answer(entry);
      const reply = (status: number) => response.writeHead(status).end(status === 200 ? "{}" : "failed");
      if (answer === "hang") held.push(() => reply(200));
      else reply(answer);
      const ready = waiters.filter((waiter) => received.length >= waiter.count);
      waiters = waiters.filter((waiter) => received.length < waiter.count);
      for (const waiter of ready) waiter.resolve(received.slice(0, waiter.count));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const receiver: FunctionsReceiver = {
    host: `127.0.0.1:${port}`,
    received,
    answer: () => 200,
    triggers: [],
    release: () => held.splice(0).forEach((answer) => answer()),
    waitFor: (count) =>
      received.length >= count
        ? Promise.resolve(received.slice(0, count))
        : new Promise((resolve) => waiters.push({ count, resolve })),
    close: () => {
      receiver.release();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  return receiver;
}
