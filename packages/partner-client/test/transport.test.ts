import { describe, expect, it } from "vitest";
import { PartnerApiError } from "../src/partner-api-error.js";
import { createTransport, type BearerTokens } from "../src/transport.js";

type Scripted = Response | Error;

/** A transport over a scripted fetch, a fake clock whose sleep only records, and counted tokens. */
function harness(script: Scripted[], { maxRetries = 3 } = {}) {
  const sent: Request[] = [];
  const waits: number[] = [];
  let time = Date.parse("2026-11-30T12:00:00Z");
  let issued = 0;
  const refused: string[] = [];
  const tokens: BearerTokens = {
    get: async () => `token-${issued === 0 || refused.length >= issued ? ++issued : issued}`,
    refused: (token) => void refused.push(token),
  };
  const send = createTransport({
    fetch: async (request) => {
      sent.push(request);
      const next = script.shift();
      if (!next) throw new Error("the script ran out");
      if (next instanceof Error) throw next;
      return next;
    },
    tokens,
    maxRetries,
    sleep: async (ms) => {
      waits.push(ms);
      time += ms;
    },
    random: () => 0.5,
    now: () => time,
  });
  return { send, sent, waits, refused };
}

const answer = (status: number, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify({ status }), { status, headers });
const dropped = () => new TypeError("fetch failed", { cause: { code: "UND_ERR_SOCKET" } });
const post = () =>
  new Request("http://api.test/v1/entries", { method: "POST", body: JSON.stringify({ amountMinor: 1 }) });
const patch = () => new Request("http://api.test/v1/entries/e1", { method: "PATCH", body: "{}" });

describe("transport", () => {
  it("gives a POST one Idempotency-Key and one X-Request-Id, the same on every retry", async () => {
    const { send, sent, waits } = harness([dropped(), answer(503, { "Retry-After": "2" }), answer(201)]);
    const response = await send(post());
    expect(response.status).toBe(201);
    expect(sent).toHaveLength(3);
    const keys = new Set(sent.map((request) => request.headers.get("idempotency-key")));
    expect(keys.size).toBe(1);
    expect([...keys][0]).toMatch(/^ik_[0-9a-f]{32}$/);
    expect(new Set(sent.map((request) => request.headers.get("x-request-id"))).size).toBe(1);
    // Every attempt carries the whole body, not a consumed stream.
    for (const request of sent) expect(await request.json()).toEqual({ amountMinor: 1 });
    // Backoff for the dropped connection, then the server's 2 s plus jitter.
    expect(waits).toEqual([125, 2125]);
  });

  it("keeps a caller's Idempotency-Key", async () => {
    const { send, sent } = harness([answer(201)]);
    const request = post();
    request.headers.set("Idempotency-Key", "mine");
    await send(request);
    expect(sent[0]?.headers.get("idempotency-key")).toBe("mine");
  });

  it("stops after maxRetries retries and answers the last response", async () => {
    const { send, sent, waits } = harness([answer(429), answer(429), answer(429)], { maxRetries: 2 });
    expect((await send(new Request("http://api.test/v1/me"))).status).toBe(429);
    expect(sent).toHaveLength(3);
    expect(waits).toEqual([125, 250]);
  });

  it("answers a 429 whose Retry-After is past the cap at once, without waiting", async () => {
    const { send, sent, waits } = harness([answer(429, { "Retry-After": "3600" })]);
    expect((await send(new Request("http://api.test/v1/me"))).status).toBe(429);
    expect(sent).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it("re-authenticates once after a 401, without a wait and without spending a retry", async () => {
    const { send, sent, refused, waits } = harness([answer(401), answer(200)], { maxRetries: 0 });
    expect((await send(new Request("http://api.test/v1/me"))).status).toBe(200);
    expect(refused).toEqual(["token-1"]);
    expect(sent.map((request) => request.headers.get("authorization"))).toEqual([
      "Bearer token-1",
      "Bearer token-2",
    ]);
    expect(waits).toEqual([]);
  });

  it("answers a second 401 instead of asking for tokens forever", async () => {
    const { send, sent } = harness([answer(401), answer(401)]);
    expect((await send(new Request("http://api.test/v1/me"))).status).toBe(401);
    expect(sent).toHaveLength(2);
  });

  it("retries a PATCH on 429 and a 503 with Retry-After, which changed nothing", async () => {
    const { send, sent } = harness([
      answer(429, { "Retry-After": "1" }),
      answer(503, { "Retry-After": "1" }),
      answer(200),
    ]);
    expect((await send(patch())).status).toBe(200);
    expect(sent).toHaveLength(3);
  });

  it("never repeats a PATCH whose outcome is unknown: a dropped connection or a 504", async () => {
    const afterDrop = harness([dropped(), answer(200)]);
    const failure = await afterDrop.send(patch()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PartnerApiError);
    expect(failure).toMatchObject({ status: 0, type: "urn:partner-api:client:network-error" });
    expect(afterDrop.sent).toHaveLength(1);

    const after504 = harness([answer(504), answer(200)]);
    expect((await after504.send(patch())).status).toBe(504);
    expect(after504.sent).toHaveLength(1);
  });

  it("retries a PATCH whose connection was refused (it never reached the API)", async () => {
    const refusedConnection = new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } });
    const { send, sent } = harness([refusedConnection, answer(200)]);
    expect((await send(patch())).status).toBe(200);
    expect(sent).toHaveLength(2);
  });

  it("reports a network failure that outlasts the retries as a PartnerApiError with the request id", async () => {
    const { send, sent } = harness([dropped(), dropped()], { maxRetries: 1 });
    const failure = (await send(new Request("http://api.test/v1/me")).catch(
      (error: unknown) => error,
    )) as PartnerApiError;
    expect(failure).toBeInstanceOf(PartnerApiError);
    expect(failure.status).toBe(0);
    expect(failure.requestId).toBe(sent[0]?.headers.get("x-request-id"));
    expect(failure.cause).toBeInstanceOf(TypeError);
  });
});
