import { Timestamp } from "firebase-admin/firestore";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWebhookReceiver, type WebhookReceiver } from "../../scripts/support/webhook-receiver.js";
import { call, entryBody } from "../support/http.js";
import { adminDb, partnerSession, uniqueId, type PartnerSession } from "../support/stack.js";

// The events API and replays on the stack, as a partner recovering from an outage uses them: the entry
// trigger stores every change's event, the Tasks emulator runs each attempt (the whole retry schedule in
// about half a minute: TEST_WEBHOOK_RETRY_DELAY_DIVISOR), and a real receiver on a loopback port
// dedupes on webhook-id as a partner's should. The first delivery of a run starts cold function workers;
// the waits below are bounds for that, not measurements.
const TEST_TIMEOUT_MS = 300_000;
const WAIT_MS = 240_000;

let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(() => receiver?.close());

interface Event {
  id: string;
  type: string;
  createdAt: string;
  data: { id: string; status: string };
}

/** Every event the partner can list (created after `after`), newest first, following the page tokens. */
async function allEvents(partner: PartnerSession, after?: string): Promise<Event[]> {
  const events: Event[] = [];
  let pageToken: string | null = null;
  do {
    const query = new URLSearchParams({ limit: "2" });
    if (after) query.set("createdAfter", after);
    if (pageToken) query.set("pageToken", pageToken);
    const page = await call(`/events?${query}`, { token: partner.token });
    expect(page.status).toBe(200);
    events.push(...page.body.data);
    pageToken = page.body.nextPageToken;
  } while (pageToken);
  return events;
}

/** Polls until `read` satisfies `done`, or the bound passes (then returns the last value for the assertion). */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = WAIT_MS) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describe("events and replays on the stack", () => {
  it(
    "a receiver down through the whole retry schedule catches up with GET /v1/events and a replay, processing every event exactly once",
    async () => {
      const partner = await partnerSession({ scopes: ["entries:read", "entries:write", "webhooks:manage"] });
      const path = `/hooks/${uniqueId("r")}`;
      let up = true;
      const answered: number[] = [];
      receiver.answer(path, () => {
        const status = up ? 200 : 503;
        answered.push(status);
        return { status };
      });
      const created = await call("/webhook-endpoints", {
        method: "POST",
        token: partner.token,
        body: { url: receiver.url(path), events: ["entry.created", "entry.updated"] },
      });
      expect(created.status).toBe(201);
      const endpoint = created.body as { id: string; secret: string };
      const before = new Date(Date.now() - 1000).toISOString();

      // The receiver's own processing: an event is applied once, whatever number of times it arrives.
      const processed = new Map<string, number>();
      const apply = (event: Event) => processed.set(event.id, (processed.get(event.id) ?? 0) + 1);
      const processDelivered = (from: number) =>
        receiver
          .received(path)
          .slice(from)
          .forEach((request, index) => {
            const event = new Webhook(endpoint.secret).verify(
              request.body,
              request.headers as Record<string, string>,
            ) as Event;
            if (answered[from + index] === 200 && !processed.has(event.id)) apply(event);
          });

      const first = await call("/entries", { method: "POST", token: partner.token, body: entryBody() });
      await receiver.waitFor(path, 1, WAIT_MS);
      processDelivered(0);
      expect(processed.size).toBe(1);

      // Down: three more changes, each tried on the whole schedule and failing, until the endpoint is disabled.
      up = false;
      const second = await call("/entries", { method: "POST", token: partner.token, body: entryBody() });
      const third = await call("/entries", { method: "POST", token: partner.token, body: entryBody() });
      await call(`/entries/${first.body.id}`, {
        method: "PATCH",
        token: partner.token,
        body: { status: "void" },
      });
      const disabled = await eventually(
        async () => (await call(`/webhook-endpoints/${endpoint.id}`, { token: partner.token })).body,
        (body) => body.status === "disabled",
      );
      expect(disabled).toMatchObject({
        status: "disabled",
        disabledReason: expect.stringMatching(/All 8 attempts/),
      });
      // The other events' chains end at their next attempt, skipped as the endpoint is disabled.
      const settled = await eventually(
        async () =>
          (await call(`/webhook-endpoints/${endpoint.id}/deliveries?limit=100`, { token: partner.token }))
            .body.data as { status: string }[],
        (records) => records.every(({ status }) => status !== "pending"),
      );
      expect(settled.filter(({ status }) => status === "pending")).toEqual([]);
      expect(receiver.received(path).length).toBeGreaterThanOrEqual(1 + 8);

      // Up again: the partner lists what it missed (everything after the last event it processed) ...
      up = true;
      const [lastProcessed] = [...processed.keys()];
      const lastSeen = (await call(`/events/${lastProcessed}`, { token: partner.token })).body as Event;
      expect(lastSeen.data.id).toBe(first.body.id);
      const missed = await allEvents(partner, lastSeen.createdAt);
      expect(missed.map(({ type, data }) => `${type} ${data.id} ${data.status}`).sort()).toEqual(
        [
          `entry.created ${second.body.id} posted`,
          `entry.created ${third.body.id} posted`,
          `entry.updated ${first.body.id} void`,
        ].sort(),
      );
      for (const event of [...missed].reverse()) if (!processed.has(event.id)) apply(event);

      // ... re-enables the endpoint and replays the whole period: every event arrives again, with its
      // original id, and the receiver skips what it has.
      const enabled = await call(`/webhook-endpoints/${endpoint.id}`, {
        method: "PATCH",
        token: partner.token,
        body: { status: "enabled" },
      });
      expect(enabled.status).toBe(200);
      const deliveredBefore = receiver.received(path).length;
      const replay = await call(`/webhook-endpoints/${endpoint.id}/replay`, {
        method: "POST",
        token: partner.token,
        body: { since: before },
      });
      expect(replay.status).toBe(202);
      expect(replay.body).toEqual({ replayId: expect.stringMatching(/^rpl_/), events: 4 });
      const concurrent = await call(`/webhook-endpoints/${endpoint.id}/replay`, {
        method: "POST",
        token: partner.token,
        body: { since: before },
      });
      expect(concurrent.status).toBe(409);
      expect(concurrent.body.type).toMatch(/replay-in-progress$/);
      const resent = (await receiver.waitFor(path, deliveredBefore + 4, WAIT_MS)).slice(deliveredBefore);
      processDelivered(deliveredBefore);

      const all = await allEvents(partner);
      expect(all).toHaveLength(4);
      expect(resent.map((request) => request.headers["webhook-id"]).sort()).toEqual(
        all.map(({ id }) => id).sort(),
      );
      expect([...processed.keys()].sort()).toEqual(all.map(({ id }) => id).sort());
      expect([...processed.values()]).toEqual([1, 1, 1, 1]);
      // The replay's attempts are in the delivery log beside the original ones.
      const log = await eventually(
        async () =>
          (await call(`/webhook-endpoints/${endpoint.id}/deliveries?limit=100`, { token: partner.token }))
            .body.data as {
            id: string;
            status: string;
          }[],
        (records) =>
          records.filter(({ id, status }) => id.endsWith(replay.body.replayId) && status === "succeeded")
            .length === 4,
        20_000,
      );
      expect(log.filter(({ id }) => id.endsWith(replay.body.replayId))).toHaveLength(4);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "answers 404 for another partner's event and keeps events 30 days",
    async () => {
      const owner = await partnerSession();
      const other = await partnerSession();
      const created = await call("/entries", { method: "POST", token: owner.token, body: entryBody() });
      const [event] = await eventually(
        () => allEvents(owner),
        (events) => events.length === 1,
        60_000,
      );
      expect(event?.data).toEqual(created.body);
      expect((await call(`/events/${event?.id}`, { token: other.token })).status).toBe(404);
      expect(await allEvents(other)).toEqual([]);
      // An event stored 31 days ago (Firestore's TTL may take a day to delete it) is gone for the API.
      const old = {
        id: "evt_old",
        type: "entry.created",
        createdAt: new Date(Date.now() - 31 * 86_400_000).toISOString(),
      };
      await adminDb()
        .doc(`partners/${owner.partnerId}/webhookEvents/${old.id}`)
        .set({
          type: old.type,
          createdAt: Timestamp.fromDate(new Date(old.createdAt)),
          payload: JSON.stringify({ ...old, data: created.body }),
          endpointIds: [],
          expiresAt: Timestamp.fromMillis(Date.parse(old.createdAt) + 30 * 86_400_000),
        });
      expect((await call(`/events/${old.id}`, { token: owner.token })).status).toBe(404);
      expect((await allEvents(owner)).map(({ id }) => id)).toEqual([event?.id]);
    },
    TEST_TIMEOUT_MS,
  );
});
