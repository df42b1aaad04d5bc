import { describe, expect, it } from "vitest";
import { PartnerApiError, PartnerClient, type CreateEntryInput } from "@partner-api/client";
import type { Scope } from "partner-api-functions/partner-claims";
import { recordingFetch } from "../support/client-traffic.js";
import { partnerCredential, wrongSecret } from "../support/credentials.js";
import { entryBody } from "../support/http.js";
import { API_ROOT, adminDb, entryCount } from "../support/stack.js";

const input = (overrides: Partial<CreateEntryInput> = {}) => entryBody(overrides) as CreateEntryInput;

async function clientOf(scopes?: Scope[]) {
  const credential = await partnerCredential(scopes ? { scopes } : {});
  const traffic = recordingFetch();
  const client = new PartnerClient({
    baseUrl: API_ROOT,
    clientId: credential.clientId,
    clientSecret: credential.clientSecret,
    fetch: traffic.fetch,
  });
  return { client, credential, traffic };
}

const failureOf = (pending: Promise<unknown>) =>
  pending.then(
    () => expect.fail("expected a PartnerApiError"),
    (error: unknown) => {
      expect(error).toBeInstanceOf(PartnerApiError);
      return error as PartnerApiError;
    },
  );

describe("PartnerClient against the stack", () => {
  it("reads events (page, list with a filter, get) and usage with machine credentials", async () => {
    const { client } = await clientOf();
    const created = await client.entries.create(input());
    await client.entries.update(created.id, { status: "void" });
    // The entry trigger stores each change's event just after the commit.
    const deadline = Date.now() + 60_000;
    let page = await client.events.page();
    while (page.data.length < 2 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      page = await client.events.page();
    }
    expect(page.data.map(({ type }) => type)).toEqual(["entry.updated", "entry.created"]);
    const listed = [];
    for await (const event of client.events.list({ type: "entry.created", limit: 1 })) listed.push(event);
    expect(listed).toEqual([page.data[1]]);
    const since = [];
    for await (const event of client.events.list({ createdAfter: new Date(page.data[1]?.createdAt ?? "") }))
      since.push(event.id);
    expect(since).toEqual([page.data[0]?.id]);
    expect(await client.events.get(page.data[0]?.id ?? "")).toEqual(page.data[0]);
    const usage = await client.usage.get();
    expect(usage.data).toHaveLength(7);
    expect(usage.quota).toMatchObject({ daily: null, resetsAt: expect.stringMatching(/T00:00:00\.000Z$/) });
  });

  it("runs every operation with machine credentials: me, create, get, update, page, list", async () => {
    const { client, credential, traffic } = await clientOf();

    expect(await client.me()).toEqual({
      uid: credential.clientId,
      partnerId: credential.partnerId,
      scopes: ["entries:read", "entries:write"],
      tokenExpiresAt: expect.any(String),
    });

    const created = await client.entries.create(input({ externalId: "pos-1" }));
    expect(created).toMatchObject({ partnerId: credential.partnerId, externalId: "pos-1", version: 1 });
    // The client gave the create an Idempotency-Key of its own.
    expect(traffic.of("POST /v1/entries")[0]?.headers.get("idempotency-key")).toMatch(/^ik_[0-9a-f]{32}$/);

    expect(await client.entries.get(created.id)).toEqual(created);

    const updated = await client.entries.update(created.id, { category: "catering" }, { ifMatch: 1 });
    expect(updated).toMatchObject({ id: created.id, category: "catering", version: 2 });
    expect(traffic.of(`PATCH /v1/entries/${created.id}`)[0]?.headers.get("if-match")).toBe('"v1"');

    const second = await client.entries.create(input({ amountMinor: 2 }), { idempotencyKey: "my-key-2" });
    expect(traffic.of("POST /v1/entries")[1]?.headers.get("idempotency-key")).toBe("my-key-2");

    const page = await client.entries.page({ limit: 1 });
    expect(page.data.map((entry) => entry.id)).toEqual([second.id]);
    expect(page.nextPageToken).toEqual(expect.any(String));
    const rest = await client.entries.page({ limit: 1, pageToken: page.nextPageToken ?? "" });
    expect(rest.data.map((entry) => entry.id)).toEqual([created.id]);

    const listed = [];
    for await (const entry of client.entries.list()) listed.push(entry.id);
    expect(listed).toEqual([second.id, created.id]);
    // One token for the whole session, and no request was retried.
    expect(traffic.of("POST /v1/oauth/token")).toHaveLength(1);
    expect(traffic.exchanges.every(({ status }) => status < 300)).toBe(true);
  });

  it("iterates across several pages, newest first, with no gap and no repeat", async () => {
    const { client, credential, traffic } = await clientOf();
    const created = [];
    for (let amount = 1; amount <= 5; amount++) {
      created.push((await client.entries.create(input({ amountMinor: amount }))).id);
    }
    const listed = [];
    for await (const entry of client.entries.list({ limit: 2 })) listed.push(entry.id);
    expect(listed).toEqual(created.reverse());
    const pages = traffic.of("GET /v1/entries");
    expect(pages).toHaveLength(3);
    expect(await entryCount(credential.partnerId)).toBe(5);
  });

  it("maps every failure to a PartnerApiError with status, type, title, detail, request id and fields", async () => {
    const { client, credential, traffic } = await clientOf();

    const missing = await failureOf(client.entries.get("e_missing"));
    expect(missing).toMatchObject({ status: 404, title: "Not found", errors: [] });
    expect(missing.type).toMatch(/^urn:partner-api:problem:/);
    expect(missing.detail).toEqual(expect.any(String));
    // The id the client sent, echoed by the API, so a partner can quote it to support.
    expect(missing.requestId).toBe(traffic.exchanges.at(-1)?.headers.get("x-request-id"));

    const invalid = await failureOf(client.entries.create(input({ amountMinor: 0, currency: "euro" })));
    expect(invalid.status).toBe(400);
    expect(new Set(invalid.errors.map(({ field }) => field))).toEqual(new Set(["amountMinor", "currency"]));
    // A 400 is not retried: the client sent the create once.
    expect(traffic.of("POST /v1/entries")).toHaveLength(1);

    const entry = await client.entries.create(input());
    await client.entries.update(entry.id, { description: "Fixed" });
    const stale = await failureOf(client.entries.update(entry.id, { category: "x" }, { ifMatch: 1 }));
    expect(stale).toMatchObject({ status: 412 });
    expect((await client.entries.get(entry.id)).category).toBe(entry.category);

    const reader = (await clientOf(["entries:read"])).client;
    const forbidden = await failureOf(reader.entries.create(input()));
    expect(forbidden).toMatchObject({ status: 403 });

    const wronglyKeyed = new PartnerClient({
      baseUrl: API_ROOT,
      clientId: credential.clientId,
      clientSecret: wrongSecret(credential.clientSecret),
    });
    const refused = await failureOf(wronglyKeyed.me());
    expect(refused).toMatchObject({
      status: 401,
      type: "invalid_client",
      detail: "Client authentication failed.",
    });
    expect(await entryCount(credential.partnerId)).toBe(1);
    expect(
      (await adminDb().doc(`partners/${credential.partnerId}/entries/${entry.id}`).get()).get("version"),
    ).toBe(2);
  });
});
