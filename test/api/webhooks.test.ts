import { Timestamp } from "firebase-admin/firestore";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, entryBody } from "../support/http.js";
import { adminDb, partnerSession, uniqueId, type PartnerSession } from "../support/stack.js";
import {
  startWebhookReceiver,
  type ReceivedWebhook,
  type WebhookReceiver,
} from "../../scripts/support/webhook-receiver.js";

// Webhooks end to end on the stack: the API registers endpoints, the Firestore trigger (fired by our
// Firestore emulator into the Functions emulator) makes events, the Tasks emulator runs each attempt,
// and a real receiver on a loopback port checks each delivery as a partner would, with the
// standardwebhooks package. Each test has its own partner and receiver path, so none sees another's.
// The first delivery of a run starts cold function workers for the trigger and the task queue, which on
// a busy machine takes tens of seconds; later ones take about a second (the Tasks emulator dispatches on
// a one-second tick). The waits below are bounds for that, not measurements.
const DELIVERY_TEST_TIMEOUT_MS = 300_000;
const FIRST_DELIVERY_WAIT_MS = 240_000;

let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(() => receiver?.close());

interface Endpoint {
  id: string;
  secret: string;
  path: string;
}

async function partnerWithEndpoint(events = ["entry.created", "entry.updated"]) {
  const partner = await partnerSession({ scopes: ["entries:read", "entries:write", "webhooks:manage"] });
  const path = `/hooks/${uniqueId("r")}`;
  const created = await call("/webhook-endpoints", {
    method: "POST",
    token: partner.token,
    body: { url: receiver.url(path), events },
  });
  expect(created.status).toBe(201);
  return { partner, endpoint: { id: created.body.id, secret: created.body.secret, path } as Endpoint };
}

/** Verifies a delivery as a partner's receiver would; throws on a bad signature or an old timestamp. */
const verified = (secret: string, request: ReceivedWebhook | undefined) =>
  new Webhook(secret).verify(request?.body ?? "", request?.headers as Record<string, string>) as {
    id: string;
    type: string;
    data: Record<string, unknown>;
  };

async function deliveries(partner: PartnerSession, endpointId: string) {
  const response = await call(`/webhook-endpoints/${endpointId}/deliveries`, { token: partner.token });
  expect(response.status).toBe(200);
  return response.body.data as { eventId: string; attempt: number; status: string; responseStatus: number }[];
}

/** Polls until `read` satisfies `done` (the delivery log is written just after the receiver answers). */
async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe("webhooks on the stack", () => {
  it(
    "delivers an entry created and one voided through the API, and one created with the Admin SDK, each once and signed",
    async () => {
      const { partner, endpoint } = await partnerWithEndpoint();
      const created = await call("/entries", { method: "POST", token: partner.token, body: entryBody() });
      expect(created.status).toBe(201);
      const toVoid = await call("/entries", { method: "POST", token: partner.token, body: entryBody() });
      const voided = await call(`/entries/${toVoid.body.id}`, {
        method: "PATCH",
        token: partner.token,
        body: { status: "void" },
      });
      expect(voided.status).toBe(200);
      const directId = uniqueId("direct");
      const at = Timestamp.now();
      await adminDb()
        .doc(`partners/${partner.partnerId}/entries/${directId}`)
        .set({
          ...entryBody(),
          occurredAt: Timestamp.fromDate(new Date("2026-11-20T12:00:00Z")),
          partnerId: partner.partnerId,
          status: "posted",
          version: 1,
          createdAt: at,
          updatedAt: at,
        });

      // Four changes: two creates through the API, one void, one create through the Admin SDK.
      const arrived = await receiver.waitFor(endpoint.path, 4, FIRST_DELIVERY_WAIT_MS);
      const events = arrived.map((request) => verified(endpoint.secret, request));
      const summary = events
        .map(({ type, data }) => `${type} ${String(data.id)} ${String(data.status)}`)
        .sort();
      expect(summary).toEqual(
        [
          `entry.created ${created.body.id} posted`,
          `entry.created ${toVoid.body.id} posted`,
          `entry.updated ${toVoid.body.id} void`,
          `entry.created ${directId} posted`,
        ].sort(),
      );
      expect(events.find(({ data }) => data.id === created.body.id)?.data).toEqual(created.body);
      expect(events.find(({ type }) => type === "entry.updated")?.data).toEqual(voided.body);
      expect(events.find(({ data }) => data.id === directId)?.data).toMatchObject({
        id: directId,
        partnerId: partner.partnerId,
        occurredAt: "2026-11-20T12:00:00.000Z",
        createdAt: at.toDate().toISOString(),
      });
      expect(new Set(events.map(({ id }) => id)).size).toBe(4);
      for (const request of arrived)
        expect(request.headers["webhook-id"]).toBe(verified(endpoint.secret, request).id);

      const log = await eventually(
        () => deliveries(partner, endpoint.id),
        (records) => records.filter(({ status }) => status === "succeeded").length === 4,
      );
      expect(log.map(({ attempt, status, responseStatus }) => [attempt, status, responseStatus])).toEqual(
        Array(4).fill([1, "succeeded", 200]),
      );
      // Nothing arrived twice.
      expect(receiver.received(endpoint.path)).toHaveLength(4);
    },
    DELIVERY_TEST_TIMEOUT_MS,
  );

  it(
    "retries a receiver that fails first, with the same event, and logs both attempts",
    async () => {
      const { partner, endpoint } = await partnerWithEndpoint(["entry.created"]);
      receiver.answer(endpoint.path, (n) => ({ status: n === 1 ? 500 : 204 }));
      const created = await call("/entries", { method: "POST", token: partner.token, body: entryBody() });
      expect(created.status).toBe(201);
      const [first, second] = await receiver.waitFor(endpoint.path, 2);
      expect(verified(endpoint.secret, second)).toEqual(verified(endpoint.secret, first));
      expect(second?.headers["webhook-id"]).toBe(first?.headers["webhook-id"]);
      const log = await eventually(
        () => deliveries(partner, endpoint.id),
        (records) => records.some(({ status }) => status === "succeeded"),
      );
      expect(log.map(({ attempt, status, responseStatus }) => [attempt, status, responseStatus])).toEqual([
        [2, "succeeded", 204],
        [1, "failed", 500],
      ]);
    },
    DELIVERY_TEST_TIMEOUT_MS,
  );

  it(
    "disables an endpoint that answers 410 Gone, saying why, and sends it nothing more",
    async () => {
      const { partner, endpoint } = await partnerWithEndpoint(["entry.created"]);
      receiver.answer(endpoint.path, () => ({ status: 410 }));
      await call("/entries", { method: "POST", token: partner.token, body: entryBody() });
      await receiver.waitFor(endpoint.path, 1);
      const disabled = await eventually(
        async () => (await call(`/webhook-endpoints/${endpoint.id}`, { token: partner.token })).body,
        (body) => body.status === "disabled",
      );
      expect(disabled).toMatchObject({
        status: "disabled",
        disabledReason: expect.stringMatching(/410 Gone/),
      });
      expect(await deliveries(partner, endpoint.id)).toEqual([
        expect.objectContaining({ attempt: 1, status: "failed", responseStatus: 410 }),
      ]);
      await call("/entries", { method: "POST", token: partner.token, body: entryBody() });
      const pinged = await call(`/webhook-endpoints/${endpoint.id}/test`, {
        method: "POST",
        token: partner.token,
      });
      expect(pinged.status).toBe(202);
      // The ping (sent to disabled endpoints too) arrives; the entry created after the 410 does not.
      const [, ping] = await receiver.waitFor(endpoint.path, 2);
      expect(verified(endpoint.secret, ping)).toMatchObject({
        type: "ping",
        data: { endpointId: endpoint.id },
      });
      expect(receiver.received(endpoint.path)).toHaveLength(2);
    },
    DELIVERY_TEST_TIMEOUT_MS,
  );

  it(
    "sends a ping from the test route, signed with both secrets after a rotation",
    async () => {
      const { partner, endpoint } = await partnerWithEndpoint();
      const rotated = await call(`/webhook-endpoints/${endpoint.id}/rotate-secret`, {
        method: "POST",
        token: partner.token,
      });
      expect(rotated.status).toBe(200);
      const pinged = await call(`/webhook-endpoints/${endpoint.id}/test`, {
        method: "POST",
        token: partner.token,
      });
      expect(pinged.status).toBe(202);
      const [ping] = await receiver.waitFor(endpoint.path, 1);
      expect(String(ping?.headers["webhook-signature"]).split(" ")).toHaveLength(2);
      expect(verified(endpoint.secret, ping)).toEqual(pinged.body);
      expect(verified(rotated.body.secret, ping)).toEqual(pinged.body);
    },
    DELIVERY_TEST_TIMEOUT_MS,
  );
});

describe("webhook endpoints on the stack", () => {
  it.each([
    ["a URL that is not one", { url: "not a url", events: ["entry.created"] }, "url"],
    ["plain http to a public host", { url: "http://hooks.example.com/", events: ["entry.created"] }, "url"],
    ["a private address", { url: "https://10.0.0.7/hook", events: ["entry.created"] }, "url"],
    ["the metadata address", { url: "https://169.254.169.254/", events: ["entry.created"] }, "url"],
    ["an unknown event type", { url: "https://hooks.example.com/", events: ["entry.deleted"] }, "events.0"],
  ])("answers 400 problem+json for %s and registers nothing", async (_case, body, field) => {
    const partner = await partnerSession({ scopes: ["webhooks:manage"] });
    const response = await call("/webhook-endpoints", { method: "POST", token: partner.token, body });
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(response.body.errors).toContainEqual(expect.objectContaining({ field }));
    expect((await call("/webhook-endpoints", { token: partner.token })).body.data).toEqual([]);
  });

  it("answers 404 for another partner's endpoint on every route, and changes nothing of it", async () => {
    const { partner, endpoint } = await partnerWithEndpoint();
    const other = await partnerSession({ scopes: ["webhooks:manage"] });
    const before = await call(`/webhook-endpoints/${endpoint.id}`, { token: partner.token });
    for (const [method, path, body] of [
      ["GET", `/webhook-endpoints/${endpoint.id}`],
      ["PATCH", `/webhook-endpoints/${endpoint.id}`, { url: "https://attacker.example.com/" }],
      ["DELETE", `/webhook-endpoints/${endpoint.id}`],
      ["POST", `/webhook-endpoints/${endpoint.id}/rotate-secret`],
      ["POST", `/webhook-endpoints/${endpoint.id}/test`],
      ["GET", `/webhook-endpoints/${endpoint.id}/deliveries`],
    ] as const) {
      const response = await call(path, { method, token: other.token, ...(body ? { body } : {}) });
      expect(response.status, `${method} ${path}`).toBe(404);
    }
    expect((await call(`/webhook-endpoints/${endpoint.id}`, { token: partner.token })).body).toEqual(
      before.body,
    );
    expect(receiver.received(endpoint.path)).toEqual([]);
  });

  it.each(["a%2Fb", "%2F", "a%2F%2Fb"])(
    "answers 404, never 500, for the endpoint id %s on its deliveries (it would name a collection)",
    async (id) => {
      const partner = await partnerSession({ scopes: ["webhooks:manage"] });
      const response = await call(`/webhook-endpoints/${id}/deliveries`, { token: partner.token });
      expect(response.status).toBe(404);
      expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    },
  );

  it("manages an endpoint: list, change, delete", async () => {
    const { partner, endpoint } = await partnerWithEndpoint();
    const listed = await call("/webhook-endpoints", { token: partner.token });
    expect(listed.body).toEqual({
      data: [expect.objectContaining({ id: endpoint.id, status: "enabled" })],
      nextPageToken: null,
    });
    expect(listed.text).not.toContain(endpoint.secret);
    const changed = await call(`/webhook-endpoints/${endpoint.id}`, {
      method: "PATCH",
      token: partner.token,
      body: { events: ["entry.updated"], description: "voids only" },
    });
    expect(changed.body).toMatchObject({ events: ["entry.updated"], description: "voids only" });
    const deleted = await call(`/webhook-endpoints/${endpoint.id}`, {
      method: "DELETE",
      token: partner.token,
    });
    expect(deleted.status).toBe(204);
    expect((await call(`/webhook-endpoints/${endpoint.id}`, { token: partner.token })).status).toBe(404);
  });
});
