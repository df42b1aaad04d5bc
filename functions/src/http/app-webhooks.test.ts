import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { MAX_ENDPOINTS_PER_PARTNER } from "../domain/webhooks/webhook-schema.js";
import {
  createInProcessApi,
  type InProcessApi,
  type InProcessApiOptions,
} from "../testing/in-process-api.js";

const hook = { url: "https://hooks.example.com/partner-api", events: ["entry.created", "entry.updated"] };

interface Created {
  id: string;
  secret: string;
  url: string;
  status: string;
}

async function setUp(options?: InProcessApiOptions) {
  const api = createInProcessApi(options);
  const session = await api.partner();
  const create = async (body: object = hook) => {
    const response = await api.request("POST", "/v1/webhook-endpoints", { token: session.token, body });
    expect(response.status).toBe(201);
    return response.body as Created;
  };
  return { api, session, token: session.token, create };
}

/** What the partner's endpoints look like in the store, for "nothing changed" checks. */
const stored = (api: InProcessApi, partnerId: string) => api.webhooks.deps.endpoints.list(partnerId);

describe("POST /v1/webhook-endpoints", () => {
  it("registers an enabled endpoint and answers 201 with its secret, once, and its Location", async () => {
    const { api, token, session } = await setUp();
    const response = await api.request("POST", "/v1/webhook-endpoints", {
      token,
      body: { ...hook, description: "back office" },
    });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      id: "we_000001",
      url: hook.url,
      events: hook.events,
      description: "back office",
      status: "enabled",
      disabledReason: null,
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
      createdAt: "2026-11-30T09:00:00.000Z",
      updatedAt: "2026-11-30T09:00:00.000Z",
    });
    expect(response.headers.location).toBe("webhook-endpoints/we_000001");
    const fetched = await api.request("GET", "/v1/webhook-endpoints/we_000001", { token });
    expect(fetched.status).toBe(200);
    expect(fetched.body).not.toHaveProperty("secret");
    expect(fetched.text).not.toContain((response.body as Created).secret.slice(6));
    expect(await stored(api, session.partnerId)).toHaveLength(1);
  });

  it.each([
    ["a URL that is not one", { ...hook, url: "hooks.example.com" }, "url", "must be an absolute URL"],
    ["plain http", { ...hook, url: "http://hooks.example.com/" }, "url", "must use https"],
    ["a private address", { ...hook, url: "https://10.0.0.7/hook" }, "url", /private/],
    ["a loopback address", { ...hook, url: "https://127.0.0.1:8443/" }, "url", /loopback/],
    ["the metadata address", { ...hook, url: "https://169.254.169.254/" }, "url", /linkLocal/],
    ["the metadata server's name", { ...hook, url: "https://metadata.google.internal/" }, "url", /metadata/],
    ["an unknown event type", { ...hook, events: ["entry.deleted"] }, "events.0", /Invalid option/],
    ["ping, which only the test route sends", { ...hook, events: ["ping"] }, "events.0", /Invalid option/],
    ["no event type", { ...hook, events: [] }, "events", /too small/i],
    ["a repeated event type", { ...hook, events: ["entry.created", "entry.created"] }, "events", /repeat/],
    ["an unknown field", { ...hook, secret: "whsec_mine" }, "secret", "is not a known field"],
    ["a long description", { ...hook, description: "x".repeat(501) }, "description", /too big/i],
  ])("answers 400 for %s, naming the field, and registers nothing", async (_case, body, field, message) => {
    const { api, token, session } = await setUp();
    const response = await api.request("POST", "/v1/webhook-endpoints", { token, body });
    expect(response.status).toBe(400);
    expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({
      type: "urn:partner-api:problem:invalid-request",
      status: 400,
      detail: "The webhook endpoint is invalid.",
    });
    expect((response.body as { errors: unknown[] }).errors).toContainEqual({
      field,
      message: typeof message === "string" ? message : expect.stringMatching(message),
    });
    expect(await stored(api, session.partnerId)).toEqual([]);
  });

  it("accepts http to a loopback receiver on the emulator stack only", async () => {
    const local = { ...hook, url: "http://127.0.0.1:4000/hook" };
    const production = await setUp();
    expect(
      (
        await production.api.request("POST", "/v1/webhook-endpoints", {
          token: production.token,
          body: local,
        })
      ).status,
    ).toBe(400);
    const stack = await setUp({ webhooks: { allowLoopback: true } });
    expect((await stack.create(local)).url).toBe(local.url);
  });

  it(`answers 409 past ${MAX_ENDPOINTS_PER_PARTNER} endpoints, and registers nothing more`, async () => {
    const { api, token, session, create } = await setUp();
    for (let count = 0; count < MAX_ENDPOINTS_PER_PARTNER; count++) await create();
    const response = await api.request("POST", "/v1/webhook-endpoints", { token, body: hook });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ type: "urn:partner-api:problem:endpoint-limit-reached" });
    expect(await stored(api, session.partnerId)).toHaveLength(MAX_ENDPOINTS_PER_PARTNER);
    // Another partner's endpoints do not count.
    const other = await api.partner();
    expect(
      (await api.request("POST", "/v1/webhook-endpoints", { token: other.token, body: hook })).status,
    ).toBe(201);
  });

  it("answers 403 to a partner without webhooks:manage, and registers nothing", async () => {
    const api = createInProcessApi();
    const { token, partnerId } = await api.partner({ scopes: ["entries:read", "entries:write"] });
    const response = await api.request("POST", "/v1/webhook-endpoints", { token, body: hook });
    expect(response.status).toBe(403);
    expect(await stored(api, partnerId)).toEqual([]);
    expect((await api.request("GET", "/v1/webhook-endpoints", { token })).status).toBe(403);
  });
});

describe("GET /v1/webhook-endpoints", () => {
  it("lists the partner's endpoints newest first, a page at a time, without secrets", async () => {
    const { api, token, create } = await setUp();
    for (const path of ["a", "b", "c"]) {
      await create({ ...hook, url: `https://hooks.example.com/${path}` });
      api.clock.advance(1000);
    }
    const first = await api.request("GET", "/v1/webhook-endpoints?limit=2", { token });
    expect(first.status).toBe(200);
    const page = first.body as { data: { url: string }[]; nextPageToken: string };
    expect(page.data.map(({ url }) => url)).toEqual([
      "https://hooks.example.com/c",
      "https://hooks.example.com/b",
    ]);
    expect(page.data[0]).not.toHaveProperty("secret");
    expect(page.data[0]).not.toHaveProperty("secrets");
    const second = await api.request("GET", `/v1/webhook-endpoints?limit=2&pageToken=${page.nextPageToken}`, {
      token,
    });
    expect(second.body).toEqual({
      data: [expect.objectContaining({ url: "https://hooks.example.com/a" })],
      nextPageToken: null,
    });
  });

  it("shows no other partner's endpoints, and answers 400 for a bad page token", async () => {
    const { api, create } = await setUp();
    await create();
    const other = await api.partner();
    expect((await api.request("GET", "/v1/webhook-endpoints", { token: other.token })).body).toEqual({
      data: [],
      nextPageToken: null,
    });
    expect(
      (await api.request("GET", "/v1/webhook-endpoints?pageToken=x", { token: other.token })).status,
    ).toBe(400);
  });

  it("answers 400 naming the query for a bad limit, on the endpoints and on an endpoint's deliveries", async () => {
    const { api, token, create } = await setUp();
    const { id } = await create();
    for (const path of ["/v1/webhook-endpoints?limit=0", `/v1/webhook-endpoints/${id}/deliveries?limit=0`]) {
      const response = await api.request("GET", path, { token });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({
        detail: "The query is invalid.",
        errors: [expect.objectContaining({ field: "limit" })],
      });
    }
  });
});

describe("PATCH /v1/webhook-endpoints/{id}", () => {
  it("changes URL, events and description, and records when", async () => {
    const { api, token, create } = await setUp();
    const { id } = await create();
    api.clock.advance(60_000);
    const response = await api.request("PATCH", `/v1/webhook-endpoints/${id}`, {
      token,
      body: { url: "https://other.example.com/h", events: ["entry.updated"], description: "only voids" },
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      id,
      url: "https://other.example.com/h",
      events: ["entry.updated"],
      description: "only voids",
      status: "enabled",
      createdAt: "2026-11-30T09:00:00.000Z",
      updatedAt: "2026-11-30T09:01:00.000Z",
    });
  });

  it("disables with a reason, and enabling again clears it", async () => {
    const { api, token, create } = await setUp();
    const { id } = await create();
    const disabled = await api.request("PATCH", `/v1/webhook-endpoints/${id}`, {
      token,
      body: { status: "disabled" },
    });
    expect(disabled.body).toMatchObject({ status: "disabled", disabledReason: "Disabled through the API." });
    const enabled = await api.request("PATCH", `/v1/webhook-endpoints/${id}`, {
      token,
      headers: { "content-type": "application/merge-patch+json" },
      body: JSON.stringify({ status: "enabled" }),
    });
    expect(enabled.body).toMatchObject({ status: "enabled", disabledReason: null });
  });

  it("answers 400 for a private URL, an empty change or an unknown status, and changes nothing", async () => {
    const { api, token, session, create } = await setUp();
    const { id } = await create();
    const before = await stored(api, session.partnerId);
    // The URL's address is checked after parsing, as on registration.
    for (const [body, detail] of [
      [{ url: "https://192.168.1.20/" }, "The webhook endpoint is invalid."],
      [{}, "The update is invalid."],
      [{ status: "paused" }, "The update is invalid."],
      [{ secret: "whsec_x" }, "The update is invalid."],
    ] as const) {
      const response = await api.request("PATCH", `/v1/webhook-endpoints/${id}`, { token, body });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ detail });
    }
    expect(await stored(api, session.partnerId)).toEqual(before);
  });
});

describe("DELETE /v1/webhook-endpoints/{id}", () => {
  it("answers 204 with no body and removes the endpoint, which then is 404", async () => {
    const { api, token, session, create } = await setUp();
    const { id } = await create();
    const response = await api.request("DELETE", `/v1/webhook-endpoints/${id}`, { token });
    expect(response.status).toBe(204);
    expect(response.text).toBe("");
    expect(response.headers["content-type"]).toBeUndefined();
    expect(await stored(api, session.partnerId)).toEqual([]);
    expect((await api.request("GET", `/v1/webhook-endpoints/${id}`, { token })).status).toBe(404);
    expect((await api.request("DELETE", `/v1/webhook-endpoints/${id}`, { token })).status).toBe(404);
  });
});

describe("another partner's endpoint", () => {
  it("is 404 on every route, and nothing of it changes", async () => {
    const { api, session, create } = await setUp();
    const { id } = await create();
    const before = await stored(api, session.partnerId);
    const other = await api.partner();
    const requests: [string, string, object?][] = [
      ["GET", `/v1/webhook-endpoints/${id}`],
      ["PATCH", `/v1/webhook-endpoints/${id}`, { description: "mine now" }],
      ["DELETE", `/v1/webhook-endpoints/${id}`],
      ["POST", `/v1/webhook-endpoints/${id}/rotate-secret`],
      ["POST", `/v1/webhook-endpoints/${id}/test`],
      ["GET", `/v1/webhook-endpoints/${id}/deliveries`],
    ];
    for (const [method, path, body] of requests) {
      const response = await api.request(method, path, { token: other.token, ...(body ? { body } : {}) });
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(response.body).toMatchObject({ type: "urn:partner-api:problem:not-found" });
    }
    expect(await stored(api, session.partnerId)).toEqual(before);
    expect(api.webhooks.queue.waiting()).toEqual([]);
  });
});

describe("POST /v1/webhook-endpoints/{id}/rotate-secret", () => {
  it("answers a new secret; deliveries are signed with both for 24 hours, then with the new one", async () => {
    const { api, token, session, create } = await setUp();
    const { id, secret: old } = await create();
    const rotated = await api.request("POST", `/v1/webhook-endpoints/${id}/rotate-secret`, { token });
    expect(rotated.status).toBe(200);
    const { secret: fresh } = rotated.body as { secret: string };
    expect(fresh).toMatch(/^whsec_/);
    expect(fresh).not.toBe(old);

    await api.request("POST", `/v1/webhook-endpoints/${id}/test`, { token });
    await api.webhooks.runDue();
    const during = api.webhooks.received.at(-1);
    expect(during?.headers["webhook-signature"]?.split(" ")).toHaveLength(2);
    for (const secret of [old, fresh]) {
      expect(() => verifyAt(api, secret, during)).not.toThrow();
    }

    api.clock.advance(24 * 60 * 60 * 1000);
    const later = api.auth.issueToken(session.uid);
    expect((await api.request("POST", `/v1/webhook-endpoints/${id}/test`, { token: later })).status).toBe(
      202,
    );
    await api.webhooks.runDue();
    const after = api.webhooks.received.at(-1);
    expect(after?.headers["webhook-signature"]?.split(" ")).toHaveLength(1);
    expect(() => verifyAt(api, fresh, after)).not.toThrow();
    expect(() => verifyAt(api, old, after)).toThrow();
  });
});

describe("POST /v1/webhook-endpoints/{id}/test", () => {
  it("answers 202 with the ping, which arrives signed and shows in the delivery log", async () => {
    const { api, token, create } = await setUp();
    const { id, secret } = await create();
    const response = await api.request("POST", `/v1/webhook-endpoints/${id}/test`, { token });
    expect(response.status).toBe(202);
    const ping = {
      id: "evt_000001",
      type: "ping",
      createdAt: "2026-11-30T09:00:00.000Z",
      data: { endpointId: id },
    };
    expect(response.body).toEqual(ping);

    const pending = await api.request("GET", `/v1/webhook-endpoints/${id}/deliveries`, { token });
    expect(pending.body).toEqual({
      data: [
        expect.objectContaining({ eventId: ping.id, attempt: 1, status: "pending", responseStatus: null }),
      ],
      nextPageToken: null,
    });

    await api.webhooks.runDue();
    expect(api.webhooks.received).toHaveLength(1);
    const [request] = api.webhooks.received;
    expect(request?.url).toBe(hook.url);
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(request?.body ?? "")).toEqual(ping);
    expect(verifyAt(api, secret, request)).toEqual(ping);

    const log = await api.request("GET", `/v1/webhook-endpoints/${id}/deliveries`, { token });
    expect(log.status).toBe(200);
    expect(log.body).toEqual({
      data: [
        {
          id: "dlv_000001_1",
          eventId: ping.id,
          eventType: "ping",
          attempt: 1,
          status: "succeeded",
          responseStatus: 200,
          durationMs: 12,
          responseBodyPrefix: "ok",
          error: null,
          scheduledAt: "2026-11-30T09:00:00.000Z",
          createdAt: "2026-11-30T09:00:00.000Z",
        },
      ],
      nextPageToken: null,
    });
  });

  it("pings a disabled endpoint too, so a partner can test a fix before enabling it", async () => {
    const { api, token, create } = await setUp();
    const { id } = await create();
    await api.request("PATCH", `/v1/webhook-endpoints/${id}`, { token, body: { status: "disabled" } });
    expect((await api.request("POST", `/v1/webhook-endpoints/${id}/test`, { token })).status).toBe(202);
    await api.webhooks.runDue();
    expect(api.webhooks.received).toHaveLength(1);
  });
});

describe("GET /v1/webhook-endpoints/{id}/deliveries", () => {
  it("pages through attempts newest first and answers 400 for a bad limit", async () => {
    const { api, token, create } = await setUp();
    const { id } = await create();
    for (let ping = 0; ping < 3; ping++) {
      await api.request("POST", `/v1/webhook-endpoints/${id}/test`, { token });
      api.clock.advance(1000);
    }
    const first = await api.request("GET", `/v1/webhook-endpoints/${id}/deliveries?limit=2`, { token });
    const page = first.body as { data: { eventId: string }[]; nextPageToken: string };
    expect(page.data.map(({ eventId }) => eventId)).toEqual(["evt_000003", "evt_000002"]);
    const second = await api.request(
      "GET",
      `/v1/webhook-endpoints/${id}/deliveries?limit=2&pageToken=${page.nextPageToken}`,
      { token },
    );
    expect((second.body as { data: { eventId: string }[] }).data.map(({ eventId }) => eventId)).toEqual([
      "evt_000001",
    ]);
    expect(
      (await api.request("GET", `/v1/webhook-endpoints/${id}/deliveries?limit=101`, { token })).status,
    ).toBe(400);
  });
});

/** Verifies a received request as a partner would, at the fake clock's time. */
function verifyAt(
  api: InProcessApi,
  secret: string,
  request: { headers: Record<string, string>; body: string } | undefined,
) {
  if (!request) throw new Error("nothing received");
  const realNow = Date.now;
  Date.now = () => api.clock.now().getTime();
  try {
    return new Webhook(secret).verify(request.body, request.headers);
  } finally {
    Date.now = realNow;
  }
}
