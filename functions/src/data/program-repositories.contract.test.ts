import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { PartnersRepository } from "../domain/access/ports.js";
import { emptyCounts, type UsageRepository } from "../domain/usage/ports.js";
import type {
  EventRecord,
  WebhookEventsRepository,
  WebhookReplaysRepository,
} from "../domain/webhooks/ports.js";
import { useEmbeddedFirestore } from "../testing/embedded-firestore.js";
import { createInMemoryPartners } from "./access/in-memory-partners.js";
import { createInMemoryUsage } from "./usage/in-memory-usage.js";
import { createInMemoryWebhookEvents } from "./webhooks/in-memory-webhook-events.js";
import { createInMemoryWebhookReplays } from "./webhooks/in-memory-webhook-replays.js";
import { createPartnersRepository } from "./access/partners-repository.js";
import { createUsageRepository } from "./usage/usage-repository.js";
import { createWebhookEventsRepository } from "./webhooks/webhook-events-repository.js";
import { createWebhookReplaysRepository } from "./webhooks/webhook-replays-repository.js";

// The ports the partner program added (events listing, replay state, usage counts, partner quotas),
// each suite on Firestore (the embedded emulator) and on the in-memory twin, so the twins' fast tests
// say something about production.

const firestore = useEmbeddedFirestore();

interface Backends {
  events: WebhookEventsRepository;
  replays: WebhookReplaysRepository;
  usage: UsageRepository;
  partners: PartnersRepository;
}

const backends: [string, () => Backends][] = [
  [
    "Firestore",
    () => ({
      events: createWebhookEventsRepository(firestore()),
      replays: createWebhookReplaysRepository(firestore()),
      usage: createUsageRepository(firestore()),
      partners: createPartnersRepository(firestore()),
    }),
  ],
  [
    "in-memory",
    () => ({
      events: createInMemoryWebhookEvents(),
      replays: createInMemoryWebhookReplays(),
      usage: createInMemoryUsage(),
      partners: createInMemoryPartners(),
    }),
  ],
];

const partner = () => `p-${randomUUID().slice(0, 8)}`;

const event = (id: string, type: EventRecord["type"], createdAt: string): EventRecord => ({
  id,
  type,
  createdAt,
  payload: JSON.stringify({ id, type, createdAt }),
  endpointIds: [],
});

describe.each(backends)("events listing on %s", (_name, open) => {
  it("lists events of the given types at or after a time, newest first, continuing after a cursor", async () => {
    const { events } = open();
    const partnerId = partner();
    const stored = [
      event("evt_a", "entry.created", "2026-11-30T09:00:00.000Z"),
      event("evt_b", "entry.updated", "2026-11-30T09:00:01.000Z"),
      event("evt_c", "ping", "2026-11-30T09:00:02.000Z"),
      event("evt_d", "entry.created", "2026-11-30T09:00:03.000Z"),
      event("evt_e", "entry.created", "2026-11-30T09:00:03.000Z"),
    ];
    for (const one of stored) await events.createIfAbsent(partnerId, one);
    const query = { types: ["entry.created", "entry.updated"] as const, limit: 10, after: null };
    const all = await events.list(partnerId, { ...query, notBefore: new Date("2026-11-30T09:00:00.000Z") });
    expect(all.map(({ event: { id } }) => id)).toEqual(["evt_e", "evt_d", "evt_b", "evt_a"]);
    expect(all[0]?.event).toEqual(stored[4]);
    const later = await events.list(partnerId, { ...query, notBefore: new Date("2026-11-30T09:00:01.000Z") });
    expect(later.map(({ event: { id } }) => id)).toEqual(["evt_e", "evt_d", "evt_b"]);
    const page = await events.list(partnerId, {
      ...query,
      types: ["entry.created"],
      notBefore: new Date(0),
      limit: 2,
    });
    expect(page.map(({ event: { id } }) => id)).toEqual(["evt_e", "evt_d"]);
    const rest = await events.list(partnerId, {
      ...query,
      types: ["entry.created"],
      notBefore: new Date(0),
      after: page[1]?.cursor ?? null,
    });
    expect(rest.map(({ event: { id } }) => id)).toEqual(["evt_a"]);
    expect(await events.list(partner(), { ...query, notBefore: new Date(0) })).toEqual([]);
  });
});

describe.each(backends)("replay state on %s", (_name, open) => {
  it("changes one endpoint's state in a transaction, leaving the other endpoints' alone", async () => {
    const { replays } = open();
    const partnerId = partner();
    const state = { replayId: "rpl_1", events: null, attempted: 0, startedAt: "2026-11-30T09:00:00.000Z" };
    expect(await replays.change(partnerId, "we_1", (current) => ({ state, result: current }))).toBeNull();
    await replays.change(partnerId, "we_2", () => ({ state: { ...state, replayId: "rpl_2" }, result: null }));
    await replays.change(partnerId, "we_1", (current) => ({
      state: current ? { ...current, events: 2, attempted: 1 } : null,
      result: null,
    }));
    expect(await replays.change(partnerId, "we_1", (current) => ({ state: null, result: current }))).toEqual({
      ...state,
      events: 2,
      attempted: 1,
    });
    expect(
      await replays.change(partnerId, "we_2", (current) => ({ state: null, result: current })),
    ).toMatchObject({
      replayId: "rpl_2",
    });
  });

  it("lets only one of two concurrent starts see no running replay", async () => {
    const { replays } = open();
    const partnerId = partner();
    const start = (replayId: string) =>
      replays.change(partnerId, "we_1", (current) => ({
        state: current ?? { replayId, events: null, attempted: 0, startedAt: "2026-11-30T09:00:00.000Z" },
        result: current === null,
      }));
    expect((await Promise.all([start("rpl_a"), start("rpl_b")])).sort()).toEqual([false, true]);
  });
});

describe.each(backends)("usage counts on %s", (_name, open) => {
  it("adds counts to a day as increments, from several writers at once, and reads a range of days", async () => {
    const { usage } = open();
    const partnerId = partner();
    const counts = (route: string, statusClass: "2xx" | "4xx") => {
      const one = emptyCounts();
      one.requests = 2;
      one.byStatusClass[statusClass] = 2;
      one.byRoute[route] = 2;
      return one;
    };
    await Promise.all([
      usage.add(partnerId, "2026-11-30", counts("GET /v1/entries/{id}", "2xx")),
      usage.add(partnerId, "2026-11-30", counts("GET /v1/entries/{id}", "4xx")),
      usage.add(partnerId, "2026-11-30", counts("POST /v1/entries", "2xx")),
      usage.add(partnerId, "2026-12-02", counts("GET /v1/me", "2xx")),
    ]);
    const days = await usage.days(partnerId, "2026-11-29", "2026-12-01");
    expect([...days.keys()]).toEqual(["2026-11-30"]);
    expect(days.get("2026-11-30")).toEqual({
      requests: 6,
      byStatusClass: { "2xx": 4, "3xx": 0, "4xx": 2, "5xx": 0 },
      byRoute: { "GET /v1/entries/{id}": 4, "POST /v1/entries": 2 },
    });
    expect((await usage.days(partnerId, "2026-12-02", "2026-12-02")).get("2026-12-02")?.requests).toBe(2);
  });
});

describe.each(backends)("partner quotas and listing on %s", (_name, open) => {
  it("sets and removes a daily quota, and lists every partner with status and quota", async () => {
    const { partners } = open();
    const [first, second] = [partner(), partner()].sort();
    await partners.createPartner({ id: first ?? "", status: "active" });
    await partners.createPartner({ id: second ?? "", status: "suspended" });
    await partners.setDailyRequestQuota(first ?? "", 5000);
    expect(await partners.getPartner(first ?? "")).toEqual({
      id: first,
      status: "active",
      dailyRequestQuota: 5000,
    });
    const listed = (await partners.listPartners()).filter(({ id }) => id === first || id === second);
    expect(listed).toEqual([
      { id: first, status: "active", dailyRequestQuota: 5000 },
      { id: second, status: "suspended", dailyRequestQuota: null },
    ]);
    await partners.setDailyRequestQuota(first ?? "", null);
    expect(await partners.getPartner(first ?? "")).toMatchObject({ dailyRequestQuota: null });
    await expect(partners.setDailyRequestQuota(partner(), 1)).rejects.toMatchObject({ code: 5 });
  });
});
