import type { LookupAddress } from "node:dns";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createWebhookTransport } from "./webhook-transport.js";

// A real receiver on a loopback port: what it got, and how it answers.
let server: Server | undefined;
const got: { method?: string; url?: string; headers: IncomingMessage["headers"]; body: string }[] = [];

async function receiver(handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<number> {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      got.push({
        method: req.method,
        url: req.url,
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      });
      handle(req, res);
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

afterEach(async () => {
  got.length = 0;
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

const emulator = { allowLoopback: true };
const production = { allowLoopback: false };
const request = (url: string) => ({
  url,
  headers: { "content-type": "application/json", "webhook-id": "evt_1" },
  body: '{"id":"evt_1"}',
});

/** A resolver that answers every name with these addresses. */
const resolvingTo = (...addresses: string[]) =>
  ((_hostname: string, _options: object, callback: (error: null, addresses: LookupAddress[]) => void) =>
    callback(
      null,
      addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 })),
    )) as unknown as typeof import("node:dns").lookup;

describe("the webhook transport", () => {
  it("POSTs the body and headers and reports the answer: status, Retry-After, body and duration", async () => {
    const port = await receiver((_req, res) => res.writeHead(503, { "retry-after": "30" }).end("try later"));
    const response = await createWebhookTransport({ policy: emulator })(
      request(`http://127.0.0.1:${port}/hook?x=1`),
    );
    expect(response).toEqual({
      kind: "answered",
      status: 503,
      retryAfter: "30",
      bodyPrefix: "try later",
      durationMs: expect.any(Number),
    });
    expect(got).toEqual([
      expect.objectContaining({ method: "POST", url: "/hook?x=1", body: '{"id":"evt_1"}' }),
    ]);
    expect(got[0]?.headers).toMatchObject({ "content-type": "application/json", "webhook-id": "evt_1" });
  });

  it("keeps only the first KiB of a large answer", async () => {
    const port = await receiver((_req, res) => res.writeHead(200).end("é".repeat(100_000)));
    const response = await createWebhookTransport({ policy: emulator })(request(`http://127.0.0.1:${port}/`));
    expect(response.kind).toBe("answered");
    expect(response.kind === "answered" && Buffer.byteLength(response.bodyPrefix)).toBeLessThanOrEqual(
      1024 + 2,
    );
    expect(response.kind === "answered" && response.bodyPrefix.startsWith("éé")).toBe(true);
  });

  it("follows no redirect: a 302 is the answer, and its target gets nothing", async () => {
    const port = await receiver((req, res) =>
      req.url === "/hook" ? res.writeHead(302, { location: "/elsewhere" }).end() : res.writeHead(200).end(),
    );
    const response = await createWebhookTransport({ policy: emulator })(
      request(`http://127.0.0.1:${port}/hook`),
    );
    expect(response).toMatchObject({ kind: "answered", status: 302 });
    expect(got.map(({ url }) => url)).toEqual(["/hook"]);
  });

  it("gives up on a receiver that does not answer in time", async () => {
    const port = await receiver(() => undefined);
    const transport = createWebhookTransport({ policy: emulator, timeoutMs: 200 });
    expect(await transport(request(`http://127.0.0.1:${port}/`))).toEqual({
      kind: "failed",
      error: "no answer within 0.2 s",
      durationMs: expect.any(Number),
    });
  });

  it("reports a refused connection as a failed attempt", async () => {
    const port = await receiver(() => undefined);
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
    const response = await createWebhookTransport({ policy: emulator })(request(`http://127.0.0.1:${port}/`));
    expect(response).toMatchObject({ kind: "failed", error: expect.stringMatching(/^ECONNREFUSED/) });
  });

  it("refuses a loopback address in production, literal or resolved, without connecting", async () => {
    const port = await receiver((_req, res) => res.writeHead(200).end());
    const transport = createWebhookTransport({ policy: production });
    expect(await transport(request(`http://127.0.0.1:${port}/`))).toMatchObject({
      kind: "failed",
      error: "refused: 127.0.0.1 is not a public address (loopback)",
    });
    const viaName = createWebhookTransport({ policy: production, lookup: resolvingTo("127.0.0.1") });
    expect(await viaName(request(`http://receiver.example.com:${port}/`))).toMatchObject({
      kind: "failed",
      error: "refused: 127.0.0.1 is not a public address (loopback)",
    });
    expect(got).toEqual([]);
  });

  it("refuses a name of which any address is private, so one bad record is enough to stop it", async () => {
    const transport = createWebhookTransport({
      policy: production,
      lookup: resolvingTo("8.8.8.8", "10.0.0.5"),
    });
    expect(await transport(request("https://rebinding.example.com/"))).toMatchObject({
      kind: "failed",
      error: "refused: 10.0.0.5 is not a public address (private)",
    });
  });

  it("connects to the address it checked on the emulator stack", async () => {
    const port = await receiver((_req, res) => res.writeHead(204).end());
    const transport = createWebhookTransport({ policy: emulator, lookup: resolvingTo("127.0.0.1") });
    expect(await transport(request(`http://receiver.example.com:${port}/`))).toMatchObject({
      kind: "answered",
      status: 204,
    });
    expect(got[0]?.headers.host).toBe(`receiver.example.com:${port}`);
  });
});
