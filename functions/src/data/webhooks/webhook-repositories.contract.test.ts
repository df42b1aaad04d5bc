import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { cursorAt } from "../../domain/page-token.js";
import type {
  EventRecord,
  WebhookDeliveriesRepository,
  WebhookEndpoint,
  WebhookEndpointsRepository,
  WebhookEventsRepository,
} from "../../domain/webhooks/ports.js";
import type { Delivery } from "../../domain/webhooks/webhook-schema.js";
import { createInMemoryWebhookDeliveries } from "./in-memory-webhook-deliveries.js";
import { createInMemoryWebhookEndpoints } from "./in-memory-webhook-endpoints.js";
import { createInMemoryWebhookEvents } from "./in-memory-webhook-events.js";
import { createWebhookDeliveriesRepository } from "./webhook-deliveries-repository.js";
import { createWebhookEndpointsRepository } from "./webhook-endpoints-repository.js";
import { createWebhookEventsRepository } from "./webhook-events-repository.js";
import { useEmbeddedFirestore } from "../../testing/embedded-firestore.js";

// Each webhook port's suite runs on both implementations: Firestore on the embedded emulator (in this
// process, on a free port) and the in-memory twin, so fast tests on the twins say something about
// production.

const firestore = useEmbeddedFirestore();

interface Backends {
  endpoints: WebhookEndpointsRepository;
  events: WebhookEventsRepository;
  deliveries: WebhookDeliveriesRepository;
}

const backends: [string, () => Backends][] = [
  [
    "Firestore",
    () => ({
      endpoints: createWebhookEndpointsRepository(firestore()),
      events: createWebhookEventsRepository(firestore()),
      deliveries: createWebhookDeliveriesRepository(firestore()),
    }),
  ],
  [
    "in-memory",
    () => ({
      endpoints: createInMemoryWebhookEndpoints(),
      events: createInMemoryWebhookEvents(),
      deliveries: createInMemoryWebhookDeliveries(),
    }),
  ],
];

const partner = () => `p-${randomUUID().slice(0, 8)}`;

const endpoint = (id: string, extra: Partial<WebhookEndpoint> = {}): WebhookEndpoint => ({
  id,
  url: `https://hooks.example.com/${id}`,
  events: ["entry.created"],
  description: null,
  status: "enabled",
  disabledReason: null,
  secrets: [
    { secret: "whsec_bmV3", expiresAt: null },
    { secret: "whsec_b2xk", expiresAt: "2026-12-01T09:00:00.000Z" },
  ],
  createdAt: "2026-11-30T09:00:00.000Z",
  updatedAt: "2026-11-30T09:00:00.000Z",
  ...extra,
});

const event: EventRecord = {
  id: "evt_1",
  type: "entry.created",
  createdAt: "2026-11-30T09:00:00.123Z",
  payload: '{"id":"evt_1"}',
  endpointIds: ["we_1", "we_2"],
};

const delivery = (attempt: number, createdAt: string, extra: Partial<Delivery> = {}): Delivery => ({
  id: `dlv_1_${attempt}`,
  eventId: "evt_1",
  eventType: "entry.created",
  attempt,
  status: "pending",
  responseStatus: null,
  durationMs: null,
  responseBodyPrefix: null,
  error: null,
  scheduledAt: createdAt,
  createdAt,
  ...extra,
});

describe.each(backends)("webhook endpoints on %s", (_name, backend) => {
  it("keeps a partner's endpoints, secrets included, apart from another partner's", async () => {
    const { endpoints } = backend();
    const [mine, theirs] = [partner(), partner()];
    expect(await endpoints.list(mine)).toEqual([]);
    const result = await endpoints.change(mine, (current) => ({
      endpoints: [...current, endpoint("we_1"), endpoint("we_2", { description: "two" })],
      result: current.length,
    }));
    expect(result).toBe(0);
    expect(await endpoints.list(mine)).toEqual([endpoint("we_1"), endpoint("we_2", { description: "two" })]);
    expect(await endpoints.list(theirs)).toEqual([]);
  });

  it("writes nothing when the change throws", async () => {
    const { endpoints } = backend();
    const mine = partner();
    await endpoints.change(mine, () => ({ endpoints: [endpoint("we_1")], result: undefined }));
    await expect(
      endpoints.change(mine, () => {
        throw new Error("refused");
      }),
    ).rejects.toThrow("refused");
    expect(await endpoints.list(mine)).toEqual([endpoint("we_1")]);
  });

  it("serializes concurrent changes, so none is lost", async () => {
    const { endpoints } = backend();
    const mine = partner();
    await Promise.all(
      ["we_1", "we_2", "we_3"].map((id) =>
        endpoints.change(mine, (current) => ({ endpoints: [...current, endpoint(id)], result: undefined })),
      ),
    );
    expect((await endpoints.list(mine)).map(({ id }) => id).sort()).toEqual(["we_1", "we_2", "we_3"]);
  });
});

describe.each(backends)("webhook events on %s", (_name, backend) => {
  it("stores an event once and answers the stored one to a second create", async () => {
    const { events } = backend();
    const mine = partner();
    expect(await events.createIfAbsent(mine, event)).toEqual(event);
    expect(await events.createIfAbsent(mine, { ...event, endpointIds: ["we_3"] })).toEqual(event);
    expect(await events.get(mine, "evt_1")).toEqual(event);
    expect(await events.get(partner(), "evt_1")).toBeNull();
  });
});

describe.each(backends)("the delivery log on %s", (_name, backend) => {
  it("records a scheduled attempt once, then its outcome over it", async () => {
    const { deliveries } = backend();
    const mine = partner();
    const pending = delivery(1, "2026-11-30T09:00:00.000Z");
    await deliveries.recordScheduled(mine, "we_1", pending);
    await deliveries.recordScheduled(mine, "we_1", { ...pending, scheduledAt: "2026-11-30T10:00:00.000Z" });
    expect(await deliveries.get(mine, "we_1", pending.id)).toEqual(pending);
    const done = {
      ...pending,
      status: "failed" as const,
      responseStatus: 500,
      durationMs: 12,
      responseBodyPrefix: "x",
    };
    await deliveries.recordOutcome(mine, "we_1", done);
    expect(await deliveries.get(mine, "we_1", pending.id)).toEqual(done);
    await deliveries.recordScheduled(mine, "we_1", pending);
    expect(await deliveries.get(mine, "we_1", pending.id)).toEqual(done);
    expect(await deliveries.get(mine, "we_2", pending.id)).toBeNull();
  });

  it("lists an endpoint's attempts newest first, the id breaking ties, from a cursor", async () => {
    const { deliveries } = backend();
    const mine = partner();
    const records = [
      delivery(1, "2026-11-30T09:00:00.000Z"),
      delivery(2, "2026-11-30T09:00:00.000Z"),
      delivery(3, "2026-11-30T09:00:05.000Z"),
    ];
    for (const record of records) await deliveries.recordScheduled(mine, "we_1", record);
    await deliveries.recordScheduled(mine, "we_2", delivery(9, "2026-11-30T09:00:09.000Z"));
    const all = await deliveries.list(mine, "we_1", 10, null);
    expect(all.map(({ delivery: { attempt } }) => attempt)).toEqual([3, 2, 1]);
    expect(all[0]?.cursor).toEqual(cursorAt("2026-11-30T09:00:05.000Z", "dlv_1_3"));
    const rest = await deliveries.list(mine, "we_1", 1, all[1]?.cursor ?? null);
    expect(rest.map(({ delivery: { attempt } }) => attempt)).toEqual([1]);
  });
});
