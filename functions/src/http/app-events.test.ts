import { describe, expect, it } from "vitest";
import { publishEntryChange } from "../domain/webhook-delivery.js";
import { anEntry } from "../testing/entry-fixtures.js";
import { answered } from "../testing/in-process-webhooks.js";
import { createInProcessApi, type InProcessApi, type PartnerSession } from "../testing/in-process-api.js";

const DAY_MS = 24 * 60 * 60 * 1000;

/** A committed change of one of the partner's entries, as the entry trigger reports it; returns the event id. */
async function change(api: InProcessApi, session: PartnerSession, entryId: string, update = false) {
  const time = api.clock.now().toISOString();
  const entry = anEntry(session.partnerId, entryId, time);
  const published = await publishEntryChange(api.webhooks.deps, session.partnerId, {
    sourceEventId: `ce-${entryId}-${update ? "u" : "c"}`,
    time,
    before: update ? entry : null,
    after: update ? { ...entry, status: "void", version: 2 } : entry,
  });
  api.clock.advance(1000);
  return published?.eventId ?? "";
}

async function endpoint(api: InProcessApi, token: string) {
  const created = await api.request("POST", "/v1/webhook-endpoints", {
    token,
    body: { url: "https://hooks.example.com/h", events: ["entry.created", "entry.updated"] },
  });
  return created.body as { id: string; secret: string };
}

const ids = (body: unknown) => (body as { data: { id: string }[] }).data.map(({ id }) => id);

describe("GET /v1/events", () => {
  it("lists the partner's entry events newest first, exactly as webhooks deliver them, without pings", async () => {
    const api = createInProcessApi();
    const session = await api.partner();
    const hook = await endpoint(api, session.token);
    const first = await change(api, session, "e_1");
    const second = await change(api, session, "e_1", true);
    await api.request("POST", `/v1/webhook-endpoints/${hook.id}/test`, { token: session.token });
    const listed = await api.request("GET", "/v1/events", { token: session.token });
    expect(listed.status).toBe(200);
    expect(ids(listed.body)).toEqual([second, first]);
    await api.webhooks.runDue();
    const delivered = api.webhooks.received
      .map((request) => JSON.parse(request.body) as { id: string })
      .filter(({ id }) => id === first);
    expect((listed.body as { data: unknown[] }).data[1]).toEqual(delivered[0]);
    const one = await api.request("GET", `/v1/events/${first}`, { token: session.token });
    expect(one.body).toEqual(delivered[0]);
  });

  it("filters by type and createdAfter, and pages with a cursor without gaps or repeats", async () => {
    const api = createInProcessApi();
    const session = await api.partner();
    const events = [];
    for (let index = 0; index < 5; index++) events.push(await change(api, session, `e_${index}`));
    const updated = await change(api, session, "e_0", true);
    const { token } = session;
    const byType = await api.request("GET", "/v1/events?type=entry.updated", { token });
    expect(ids(byType.body)).toEqual([updated]);
    const after = (await api.request("GET", `/v1/events/${events[2]}`, { token })).body as {
      createdAt: string;
    };
    const since = await api.request("GET", `/v1/events?createdAfter=${after.createdAt}`, { token });
    expect(ids(since.body)).toEqual([updated, events[4], events[3]]);
    const seen: string[] = [];
    let pageToken: string | null = null;
    do {
      const query: string = pageToken ? `limit=4&pageToken=${pageToken}` : "limit=4";
      const page = await api.request("GET", `/v1/events?${query}`, { token });
      seen.push(...ids(page.body));
      pageToken = (page.body as { nextPageToken: string | null }).nextPageToken;
    } while (pageToken);
    expect(seen).toEqual([updated, ...[...events].reverse()]);
  });

  it("keeps events 30 days: older ones are neither listed nor fetched", async () => {
    const api = createInProcessApi();
    const session = await api.partner();
    const old = await change(api, session, "e_old");
    api.clock.advance(29 * DAY_MS);
    const recent = await change(api, session, "e_new");
    let token = api.auth.issueToken(session.uid);
    expect(ids((await api.request("GET", "/v1/events", { token })).body)).toEqual([recent, old]);
    api.clock.advance(DAY_MS);
    token = api.auth.issueToken(session.uid);
    expect(ids((await api.request("GET", "/v1/events", { token })).body)).toEqual([recent]);
    expect((await api.request("GET", `/v1/events/${old}`, { token })).status).toBe(404);
  });

  it("answers 404 for another partner's event and 400 for a bad filter, and needs entries:read", async () => {
    const api = createInProcessApi();
    const owner = await api.partner();
    const other = await api.partner();
    const event = await change(api, owner, "e_1");
    const fetched = await api.request("GET", `/v1/events/${event}`, { token: other.token });
    expect(fetched.status).toBe(404);
    expect(ids((await api.request("GET", "/v1/events", { token: other.token })).body)).toEqual([]);
    const bad = await api.request("GET", "/v1/events?createdAfter=yesterday&limit=101", {
      token: owner.token,
    });
    expect(bad.status).toBe(400);
    expect((bad.body as { errors: { field: string }[] }).errors.map(({ field }) => field).sort()).toEqual([
      "createdAfter",
      "limit",
    ]);
    const writer = await api.partner({ scopes: ["entries:write"] });
    expect((await api.request("GET", "/v1/events", { token: writer.token })).status).toBe(403);
  });
});

describe("POST /v1/webhook-endpoints/{id}/replay", () => {
  it("re-sends the events since a time with their original ids, once each, logged as deliveries", async () => {
    const api = createInProcessApi();
    const session = await api.partner();
    const hook = await endpoint(api, session.token);
    const before = api.clock.now().toISOString();
    api.webhooks.answer(() => answered(503));
    const events = [await change(api, session, "e_1"), await change(api, session, "e_2")];
    // The receiver is down through the whole schedule: every attempt fails, and the endpoint is disabled.
    for (let step = 0; step < 40; step++) {
      await api.webhooks.runDue();
      api.clock.advance(60 * 60 * 1000);
    }
    const token = api.auth.issueToken(session.uid);
    const disabled = await api.request("GET", `/v1/webhook-endpoints/${hook.id}`, { token });
    expect(disabled.body).toMatchObject({ status: "disabled" });
    const refused = await api.request("POST", `/v1/webhook-endpoints/${hook.id}/replay`, {
      token,
      body: { since: before },
    });
    expect(refused.status).toBe(409);

    api.webhooks.answer(() => answered(200));
    await api.request("PATCH", `/v1/webhook-endpoints/${hook.id}`, { token, body: { status: "enabled" } });
    api.webhooks.received.length = 0;
    const replay = await api.request("POST", `/v1/webhook-endpoints/${hook.id}/replay`, {
      token,
      body: { since: before },
    });
    expect(replay.status).toBe(202);
    expect(replay.body).toEqual({ replayId: expect.stringMatching(/^rpl_/), events: 2 });
    const again = await api.request("POST", `/v1/webhook-endpoints/${hook.id}/replay`, {
      token,
      body: { since: before },
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ type: "urn:partner-api:problem:replay-in-progress" });
    await api.webhooks.runDue();
    const resent = api.webhooks.received.map((request) => JSON.parse(request.body) as { id: string });
    expect(resent.map(({ id }) => id).sort()).toEqual([...events].sort());
    expect(api.webhooks.received.map(({ headers }) => headers["webhook-id"]).sort()).toEqual(
      [...events].sort(),
    );
    const log = await api.request("GET", `/v1/webhook-endpoints/${hook.id}/deliveries?limit=100`, { token });
    const replayId = (replay.body as { replayId: string }).replayId;
    expect(
      (log.body as { data: { id: string; status: string }[] }).data.filter(({ id }) => id.endsWith(replayId)),
    ).toEqual([
      expect.objectContaining({ status: "succeeded" }),
      expect.objectContaining({ status: "succeeded" }),
    ]);
    // Every attempt ran, so the replay is over and another may start.
    const next = await api.request("POST", `/v1/webhook-endpoints/${hook.id}/replay`, {
      token,
      body: { since: before, types: ["entry.updated"] },
    });
    expect(next.status).toBe(202);
    expect(next.body).toMatchObject({ events: 0 });
  });

  it("makes a failed replay attempt once, without retries, and never reaches back past 30 days", async () => {
    const api = createInProcessApi();
    const session = await api.partner();
    const hook = await endpoint(api, session.token);
    const before = api.clock.now().toISOString();
    await change(api, session, "e_1");
    await api.webhooks.runDue();
    api.webhooks.answer(() => answered(500));
    let { token } = session;
    const path = `/v1/webhook-endpoints/${hook.id}/replay`;
    expect((await api.request("POST", path, { token, body: { since: before } })).status).toBe(202);
    expect(await api.webhooks.runDue()).toEqual([
      expect.objectContaining({ kind: "failed", nextAttemptAt: null }),
    ]);
    api.clock.advance(DAY_MS);
    expect(await api.webhooks.runDue()).toEqual([]);
    token = api.auth.issueToken(session.uid);
    const endpointNow = await api.request("GET", `/v1/webhook-endpoints/${hook.id}`, { token });
    expect(endpointNow.body).toMatchObject({ status: "enabled" });
    const tooOld = new Date(api.clock.now().getTime() - 31 * DAY_MS).toISOString();
    const refused = await api.request("POST", path, { token, body: { since: tooOld } });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ errors: [{ field: "since" }] });
    const other = await api.partner();
    expect((await api.request("POST", path, { token: other.token, body: { since: before } })).status).toBe(
      404,
    );
  });

  it("lets another replay start once a running one is an hour old, even if an attempt was never counted", async () => {
    const api = createInProcessApi();
    const session = await api.partner();
    const hook = await endpoint(api, session.token);
    const before = api.clock.now().toISOString();
    await change(api, session, "e_1");
    const { token } = session;
    const path = `/v1/webhook-endpoints/${hook.id}/replay`;
    expect((await api.request("POST", path, { token, body: { since: before } })).status).toBe(202);
    // Its attempt never runs (a lost task).
    api.webhooks.queue.takeDue(new Date(8.64e15));
    expect((await api.request("POST", path, { token, body: { since: before } })).status).toBe(409);
    api.clock.advance(60 * 60 * 1000);
    const fresh = api.auth.issueToken(session.uid);
    expect((await api.request("POST", path, { token: fresh, body: { since: before } })).status).toBe(202);
  });

  it("delivers nothing to a suspended partner, and lets it catch up once active again", async () => {
    const api = createInProcessApi();
    const session = await api.partner();
    const hook = await endpoint(api, session.token);
    const before = api.clock.now().toISOString();
    await api.partners.setPartnerStatus(session.partnerId, "suspended");
    const missed = await change(api, session, "e_1");
    expect(await api.webhooks.runDue()).toEqual([
      expect.objectContaining({
        kind: "skipped",
        delivery: expect.objectContaining({ error: "The partner is suspended." }),
      }),
    ]);
    expect(api.webhooks.received).toEqual([]);
    await api.partners.setPartnerStatus(session.partnerId, "active");
    const { token } = session;
    expect(ids((await api.request("GET", "/v1/events", { token })).body)).toEqual([missed]);
    const path = `/v1/webhook-endpoints/${hook.id}/replay`;
    expect((await api.request("POST", path, { token, body: { since: before } })).status).toBe(202);
    await api.webhooks.runDue();
    expect(api.webhooks.received.map(({ headers }) => headers["webhook-id"])).toEqual([missed]);
  });
});
