import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { anEntry } from "../testing/entry-fixtures.js";
import { createFakeClock } from "../testing/fake-clock.js";
import { answered, createInProcessWebhooks } from "../testing/in-process-webhooks.js";
import { MAX_ATTEMPTS, RETRY_DELAYS_MS } from "./retry-schedule.js";
import { deliverAttempt, deliveryId, publishEntryChange, sendPing } from "./webhook-delivery.js";
import { createEndpoint, updateEndpoint, deleteEndpoint } from "./webhook-endpoints.js";
import { eventIdFor } from "./webhook-events.js";
import type { SubscribableEventType } from "./webhook-schema.js";

const partnerId = "acme";
const entry = anEntry(partnerId, "e_1", "2026-11-30T09:00:00.000Z");
const created = { sourceEventId: "ce-1", time: "2026-11-30T09:00:00.000Z", before: null, after: entry };

async function setUp(events: SubscribableEventType[] = ["entry.created", "entry.updated"], count = 1) {
  const clock = createFakeClock();
  const webhooks = createInProcessWebhooks(clock);
  const endpoints = [];
  for (let index = 0; index < count; index++) {
    endpoints.push(
      await createEndpoint(webhooks.deps, partnerId, { url: `https://hooks.example.com/${index}`, events }),
    );
  }
  const log = async (endpointId: string) =>
    (await webhooks.deps.deliveries.list(partnerId, endpointId, 100, null)).map(({ delivery }) => delivery);
  const endpoint = async (endpointId: string) =>
    (await webhooks.deps.endpoints.list(partnerId)).find(({ id }) => id === endpointId);
  return { clock, webhooks, endpoints, log, endpoint };
}

describe("publishEntryChange", () => {
  it("makes one event per change and one first attempt per subscribed enabled endpoint", async () => {
    const { webhooks, endpoints } = await setUp(["entry.created"], 3);
    const [first, second, third] = endpoints;
    await updateEndpoint(webhooks.deps, partnerId, second?.id ?? "", { events: ["entry.updated"] });
    await updateEndpoint(webhooks.deps, partnerId, third?.id ?? "", { status: "disabled" });
    const published = await publishEntryChange(webhooks.deps, partnerId, created);
    expect(published).toEqual({
      eventId: eventIdFor("ce-1"),
      type: "entry.created",
      endpointIds: [first?.id],
    });
    expect(webhooks.queue.waiting()).toEqual([
      {
        task: { partnerId, endpointId: first?.id, eventId: eventIdFor("ce-1"), attempt: 1 },
        notBefore: expect.any(Date),
      },
    ]);
  });

  it("makes nothing more when the trigger runs again for the same change, even after endpoints changed", async () => {
    const { webhooks, endpoints } = await setUp();
    await publishEntryChange(webhooks.deps, partnerId, created);
    await createEndpoint(webhooks.deps, partnerId, {
      url: "https://late.example.com/",
      events: ["entry.created"],
    });
    const again = await publishEntryChange(webhooks.deps, partnerId, created);
    expect(again?.endpointIds).toEqual([endpoints[0]?.id]);
    expect(await webhooks.runDue()).toHaveLength(1);
    expect(webhooks.received).toHaveLength(1);
    await publishEntryChange(webhooks.deps, partnerId, created);
    expect(await webhooks.runDue()).toEqual([]);
    expect(webhooks.received).toHaveLength(1);
  });

  it("stores the event for GET /v1/events but schedules nothing when no enabled endpoint subscribes", async () => {
    const { webhooks, endpoints } = await setUp(["entry.updated"]);
    expect(await publishEntryChange(webhooks.deps, partnerId, created)).toMatchObject({ endpointIds: [] });
    await updateEndpoint(webhooks.deps, partnerId, endpoints[0]?.id ?? "", {
      events: ["entry.created"],
      status: "disabled",
    });
    expect(await publishEntryChange(webhooks.deps, partnerId, created)).toMatchObject({ endpointIds: [] });
    expect(await webhooks.deps.events.get(partnerId, eventIdFor("ce-1"))).toMatchObject({
      type: "entry.created",
      endpointIds: [],
    });
    expect(webhooks.queue.waiting()).toEqual([]);
  });

  it("makes no event for a write that changed nothing, and enqueues nothing", async () => {
    const { webhooks } = await setUp();
    expect(await publishEntryChange(webhooks.deps, partnerId, { ...created, before: entry })).toBeNull();
    expect(webhooks.queue.waiting()).toEqual([]);
  });
});

describe("deliverAttempt", () => {
  it("POSTs the event as JSON, signed so that the endpoint's secret verifies it, and logs success", async () => {
    const { webhooks, endpoints, log } = await setUp();
    const [endpoint] = endpoints;
    await publishEntryChange(webhooks.deps, partnerId, created);
    const [outcome] = await webhooks.runDue();
    expect(outcome).toMatchObject({ kind: "delivered", nextAttemptAt: null, disabledReason: null });
    const [request] = webhooks.received;
    expect(request?.url).toBe(endpoint?.url);
    const event = { id: eventIdFor("ce-1"), type: "entry.created", createdAt: created.time, data: entry };
    expect(JSON.parse(request?.body ?? "")).toEqual(event);
    expect(request?.headers).toMatchObject({
      "content-type": "application/json",
      "user-agent": "partner-api-webhooks/1",
      "webhook-id": event.id,
    });
    const realNow = Date.now;
    Date.now = () => Date.parse("2026-11-30T09:00:00.000Z");
    try {
      expect(new Webhook(endpoint?.secret ?? "").verify(request?.body ?? "", request?.headers ?? {})).toEqual(
        event,
      );
    } finally {
      Date.now = realNow;
    }
    expect(await log(endpoint?.id ?? "")).toEqual([
      expect.objectContaining({
        attempt: 1,
        status: "succeeded",
        responseStatus: 200,
        responseBodyPrefix: "ok",
      }),
    ]);
  });

  it("retries a failed attempt after the contract's delay, logging each attempt, until one succeeds", async () => {
    const { clock, webhooks, endpoints, log } = await setUp();
    const endpointId = endpoints[0]?.id ?? "";
    webhooks.answer(() => answered(500, "boom"));
    await publishEntryChange(webhooks.deps, partnerId, created);
    const [first] = await webhooks.runDue();
    expect(first).toMatchObject({ kind: "failed", nextAttemptAt: "2026-11-30T09:00:05.000Z" });
    clock.advance(5000 - 1);
    expect(await webhooks.runDue()).toEqual([]);
    clock.advance(1);
    webhooks.answer(() => answered(204));
    const [second] = await webhooks.runDue();
    expect(second).toMatchObject({ kind: "delivered" });
    expect(webhooks.received).toHaveLength(2);
    expect(webhooks.received[1]?.body).toBe(webhooks.received[0]?.body);
    expect(webhooks.received[1]?.headers["webhook-id"]).toBe(webhooks.received[0]?.headers["webhook-id"]);
    expect(await log(endpointId)).toEqual([
      expect.objectContaining({ attempt: 2, status: "succeeded", responseStatus: 204 }),
      expect.objectContaining({
        attempt: 1,
        status: "failed",
        responseStatus: 500,
        responseBodyPrefix: "boom",
      }),
    ]);
    expect(webhooks.queue.waiting()).toEqual([]);
  });

  it("waits as long as the receiver's Retry-After asks", async () => {
    const { webhooks } = await setUp();
    webhooks.answer(() => answered(429, "", "90"));
    await publishEntryChange(webhooks.deps, partnerId, created);
    const [outcome] = await webhooks.runDue();
    expect(outcome).toMatchObject({ nextAttemptAt: "2026-11-30T09:01:30.000Z" });
    expect(webhooks.queue.waiting()[0]?.notBefore.toISOString()).toBe("2026-11-30T09:01:30.000Z");
  });

  it("logs an attempt that got no answer with its error, and retries it", async () => {
    const { webhooks, endpoints, log } = await setUp();
    webhooks.answer(() => ({ kind: "failed", error: "no answer within 15 s", durationMs: 15_000 }));
    await publishEntryChange(webhooks.deps, partnerId, created);
    await webhooks.runDue();
    expect(await log(endpoints[0]?.id ?? "")).toEqual([
      expect.objectContaining({ attempt: 2, status: "pending" }),
      expect.objectContaining({
        attempt: 1,
        status: "failed",
        responseStatus: null,
        durationMs: 15_000,
        error: "no answer within 15 s",
      }),
    ]);
  });

  it("disables the endpoint at once on 410 Gone, with the reason, and retries nothing", async () => {
    const { webhooks, endpoints, endpoint } = await setUp();
    const endpointId = endpoints[0]?.id ?? "";
    webhooks.answer(() => answered(410));
    await publishEntryChange(webhooks.deps, partnerId, created);
    const [outcome] = await webhooks.runDue();
    const reason = `The endpoint answered 410 Gone to ${eventIdFor("ce-1")} (attempt 1).`;
    expect(outcome).toMatchObject({ kind: "failed", nextAttemptAt: null, disabledReason: reason });
    expect(await endpoint(endpointId)).toMatchObject({ status: "disabled", disabledReason: reason });
    expect(webhooks.queue.waiting()).toEqual([]);
  });

  it(`disables the endpoint after the last of ${MAX_ATTEMPTS} failed attempts, saying why`, async () => {
    const { clock, webhooks, endpoints, endpoint, log } = await setUp();
    const endpointId = endpoints[0]?.id ?? "";
    webhooks.answer(() => answered(503));
    await publishEntryChange(webhooks.deps, partnerId, created);
    await webhooks.runDue();
    for (const delay of RETRY_DELAYS_MS) {
      expect(await endpoint(endpointId)).toMatchObject({ status: "enabled" });
      clock.advance(delay);
      await webhooks.runDue();
    }
    expect(webhooks.received).toHaveLength(MAX_ATTEMPTS);
    expect(await endpoint(endpointId)).toMatchObject({
      status: "disabled",
      disabledReason: `All 8 attempts to deliver ${eventIdFor("ce-1")} failed; the last: HTTP 503.`,
    });
    expect((await log(endpointId)).map(({ attempt, status }) => [attempt, status])).toEqual(
      [8, 7, 6, 5, 4, 3, 2, 1].map((attempt) => [attempt, "failed"]),
    );
    expect(webhooks.queue.waiting()).toEqual([]);
  });

  it(`names the last error when the last of ${MAX_ATTEMPTS} attempts got no answer`, async () => {
    const { clock, webhooks, endpoints, endpoint } = await setUp();
    const endpointId = endpoints[0]?.id ?? "";
    webhooks.answer(() => ({ kind: "failed", error: "connection refused", durationMs: 3 }));
    await publishEntryChange(webhooks.deps, partnerId, created);
    await webhooks.runDue();
    for (const delay of RETRY_DELAYS_MS) {
      clock.advance(delay);
      await webhooks.runDue();
    }
    expect(await endpoint(endpointId)).toMatchObject({
      status: "disabled",
      disabledReason: `All 8 attempts to deliver ${eventIdFor("ce-1")} failed; the last: connection refused.`,
    });
  });

  it.each([199, 300, 304])("counts an answer of %i as a failure and retries it", async (status) => {
    const { webhooks, endpoints, log } = await setUp();
    webhooks.answer(() => answered(status));
    await publishEntryChange(webhooks.deps, partnerId, created);
    const [outcome] = await webhooks.runDue();
    expect(outcome).toMatchObject({
      kind: "failed",
      nextAttemptAt: expect.any(String),
      disabledReason: null,
    });
    expect((await log(endpoints[0]?.id ?? "")).map(({ attempt, status }) => [attempt, status])).toEqual([
      [2, "pending"],
      [1, "failed"],
    ]);
  });

  it("logs an attempt whose task runs late with the time it was scheduled for", async () => {
    const { clock, webhooks, endpoints, log } = await setUp();
    await publishEntryChange(webhooks.deps, partnerId, created);
    const scheduledAt = clock.now().toISOString();
    clock.advance(5000);
    await webhooks.runDue();
    expect(await log(endpoints[0]?.id ?? "")).toEqual([
      expect.objectContaining({ attempt: 1, status: "succeeded", scheduledAt, createdAt: scheduledAt }),
    ]);
  });

  it("compresses the schedule by the stack's divisor", async () => {
    const clock = createFakeClock();
    const webhooks = createInProcessWebhooks(clock, { retryDelayDivisor: 60 });
    await createEndpoint(webhooks.deps, partnerId, {
      url: "https://h.example.com/",
      events: ["entry.created"],
    });
    webhooks.answer(() => answered(500));
    await publishEntryChange(webhooks.deps, partnerId, created);
    await webhooks.runDue();
    clock.advance(83);
    await webhooks.runDue();
    expect(webhooks.received).toHaveLength(2);
    expect(webhooks.queue.waiting()[0]?.notBefore.toISOString()).toBe("2026-11-30T09:00:05.083Z");
  });

  it("skips an event's remaining attempts once its endpoint is disabled, and logs why", async () => {
    const { clock, webhooks, endpoints, log } = await setUp();
    const endpointId = endpoints[0]?.id ?? "";
    webhooks.answer(() => answered(500));
    await publishEntryChange(webhooks.deps, partnerId, created);
    await webhooks.runDue();
    await updateEndpoint(webhooks.deps, partnerId, endpointId, { status: "disabled" });
    clock.advance(5000);
    const [outcome] = await webhooks.runDue();
    expect(outcome).toMatchObject({
      kind: "skipped",
      delivery: { attempt: 2, error: "The endpoint is disabled." },
    });
    expect(webhooks.received).toHaveLength(1);
    expect((await log(endpointId))[0]).toMatchObject({ attempt: 2, status: "failed" });
  });

  it("drops the attempts of a deleted endpoint without a request", async () => {
    const { webhooks, endpoints } = await setUp();
    await publishEntryChange(webhooks.deps, partnerId, created);
    await deleteEndpoint(webhooks.deps, partnerId, endpoints[0]?.id ?? "");
    expect(await webhooks.runDue()).toEqual([{ kind: "endpoint-gone" }]);
    expect(webhooks.received).toEqual([]);
  });

  it("does not repeat an attempt whose outcome is logged when the queue runs its task again", async () => {
    const { webhooks, endpoints } = await setUp();
    await publishEntryChange(webhooks.deps, partnerId, created);
    await webhooks.runDue();
    const task = { partnerId, endpointId: endpoints[0]?.id ?? "", eventId: eventIdFor("ce-1"), attempt: 1 };
    expect(await deliverAttempt(webhooks.deps, task)).toEqual({ kind: "done-already" });
    expect(webhooks.received).toHaveLength(1);
  });

  it("drops a task whose event no longer exists", async () => {
    const { webhooks, endpoints } = await setUp();
    const task = { partnerId, endpointId: endpoints[0]?.id ?? "", eventId: "evt_expired", attempt: 3 };
    expect(await deliverAttempt(webhooks.deps, task)).toEqual({ kind: "event-gone" });
    expect(webhooks.received).toEqual([]);
  });

  it("sends a ping to its endpoint only, whatever the endpoint subscribed to", async () => {
    const { webhooks, endpoints } = await setUp(["entry.updated"], 2);
    const ping = await sendPing(webhooks.deps, partnerId, endpoints[1]?.id ?? "");
    await webhooks.runDue();
    expect(webhooks.received.map(({ url }) => url)).toEqual([endpoints[1]?.url]);
    expect(deliveryId(ping.id, 1)).toBe("dlv_000001_1");
    expect(await webhooks.deps.events.get(partnerId, ping.id)).toMatchObject({
      endpointIds: [endpoints[1]?.id],
    });
  });

  it.each([
    ["an error answer", () => answered(500, "boom")],
    ["no answer", () => ({ kind: "failed" as const, error: "connection refused", durationMs: 3 })],
  ])(
    "tries a ping once: after %s it schedules no retry and leaves the endpoint enabled, so the test route is no relay",
    async (_case, answer) => {
      const { webhooks, endpoints, log, endpoint } = await setUp();
      const endpointId = endpoints[0]?.id ?? "";
      webhooks.answer(answer);
      await sendPing(webhooks.deps, partnerId, endpointId);
      await webhooks.runDue();
      expect(webhooks.queue.waiting()).toEqual([]);
      expect(await log(endpointId)).toEqual([expect.objectContaining({ attempt: 1, status: "failed" })]);
      expect((await endpoint(endpointId))?.status).toBe("enabled");
    },
  );

  it("still disables the endpoint when a ping is answered 410 Gone", async () => {
    const { webhooks, endpoints, endpoint } = await setUp();
    const endpointId = endpoints[0]?.id ?? "";
    webhooks.answer(() => answered(410));
    await sendPing(webhooks.deps, partnerId, endpointId);
    await webhooks.runDue();
    expect(webhooks.queue.waiting()).toEqual([]);
    expect((await endpoint(endpointId))?.status).toBe("disabled");
  });

  it("names an attempt by its event id without the leading evt_ only", () => {
    expect(deliveryId("evt_abc", 2)).toBe("dlv_abc_2");
    expect(deliveryId("abc_evt_1", 1)).toBe("dlv_abc_evt_1_1");
  });
});
