import { describe, expect, it } from "vitest";
import { anEntry, ENTRY_INPUT } from "../testing/entry-fixtures.js";
import { createInProcessApi, type InProcessApi } from "../testing/in-process-api.js";

// The contract's example entry, its time given with an offset, which the API stores in UTC.
const input = { ...ENTRY_INPUT, occurredAt: "2026-11-20T13:00:00+01:00" };

async function created(api: InProcessApi, token: string, body: object = input) {
  const response = await api.request("POST", "/v1/entries", { token, body });
  expect(response.status).toBe(201);
  return response.body as { id: string; version: number; createdAt: string };
}

describe("POST /v1/entries", () => {
  it("creates an entry and answers 201 with it, its Location and its ETag", async () => {
    const api = createInProcessApi();
    const { token, partnerId } = await api.partner();
    const response = await api.request("POST", "/v1/entries", { token, body: input });
    expect(response.status).toBe(201);
    const entry = anEntry(partnerId, "e_000001", "2026-11-30T09:00:00.000Z");
    expect(response.body).toEqual(entry);
    expect(response.headers.location).toBe("entries/e_000001");
    expect(response.headers.etag).toBe('"v1"');
    expect(response.headers["idempotent-replayed"]).toBeUndefined();
    expect(await api.entries.getEntry(partnerId, "e_000001")).toEqual(entry);
  });

  it("keeps the partner's externalId", async () => {
    const api = createInProcessApi();
    const { token } = await api.partner();
    expect(await created(api, token, { ...input, externalId: "pos-4711" })).toMatchObject({
      externalId: "pos-4711",
    });
  });

  it("answers 400 naming every invalid and unknown field, and stores nothing", async () => {
    const api = createInProcessApi();
    const { token, partnerId } = await api.partner();
    const body = {
      ...input,
      amountMinor: 0,
      currency: "EUX",
      type: "gift",
      occurredAt: "yesterday",
      partnerId: "other",
      status: "void",
    };
    const response = await api.request("POST", "/v1/entries", { token, body });
    expect(response.status).toBe(400);
    expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({
      type: "urn:partner-api:problem:invalid-request",
      title: "Invalid request",
      status: 400,
      detail: "The entry is invalid.",
    });
    const errors = (response.body as { errors: { field: string; message: string }[] }).errors;
    expect([...new Set(errors.map(({ field }) => field))].sort()).toEqual([
      "amountMinor",
      "currency",
      "occurredAt",
      "partnerId",
      "status",
      "type",
    ]);
    expect(errors).toContainEqual({ field: "partnerId", message: "is not a known field" });
    expect(errors).toContainEqual({ field: "currency", message: "must be an ISO 4217 currency code" });
    expect(await api.entries.listEntries(partnerId, 10, null)).toEqual([]);
  });

  it("answers 400 at the root for an array instead of an object", async () => {
    const api = createInProcessApi();
    const { token } = await api.partner();
    const response = await api.request("POST", "/v1/entries", { token, body: [input] });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ errors: [{ field: "(root)" }] });
  });

  it("answers 400 for an empty body", async () => {
    const api = createInProcessApi();
    const { token } = await api.partner();
    const response = await api.request("POST", "/v1/entries", {
      token,
      headers: { "content-type": "application/json" },
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      detail: "The request body is empty.",
      errors: [{ field: "(root)", message: "a JSON object is required" }],
    });
  });

  it.each(["text/plain", "application/x-www-form-urlencoded", "application/xml"])(
    "answers 415 for a %s body and stores nothing",
    async (contentType) => {
      const api = createInProcessApi();
      const { token, partnerId } = await api.partner();
      const response = await api.request("POST", "/v1/entries", {
        token,
        headers: { "content-type": contentType },
        body: "type=income",
      });
      expect(response.status).toBe(415);
      expect(response.body).toMatchObject({ title: "Unsupported media type" });
      expect(await api.entries.listEntries(partnerId, 10, null)).toEqual([]);
    },
  );

  it("accepts JSON with media type parameters", async () => {
    const api = createInProcessApi();
    const { token } = await api.partner();
    for (const contentType of ["application/json; charset=utf-8", "Application/JSON"]) {
      const response = await api.request("POST", "/v1/entries", {
        token,
        headers: { "content-type": contentType },
        body: JSON.stringify(input),
      });
      expect(response.status).toBe(201);
    }
  });

  it("answers 413 for a body over 64 KiB and accepts one of exactly 64 KiB", async () => {
    const api = createInProcessApi();
    const { token, partnerId } = await api.partner();
    const padded = (size: number) => {
      const text = JSON.stringify({ ...input, description: "" });
      return text.replace('"description":""', `"description":"${" ".repeat(size - text.length)}"`);
    };
    const tooLarge = await api.request("POST", "/v1/entries", {
      token,
      headers: { "content-type": "application/json" },
      body: padded(64 * 1024 + 1),
    });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body).toMatchObject({ detail: "The body is 65537 bytes; the limit is 65536." });
    expect(await api.entries.listEntries(partnerId, 10, null)).toEqual([]);
    const atLimit = await api.request("POST", "/v1/entries", {
      token,
      headers: { "content-type": "application/json" },
      body: padded(64 * 1024),
    });
    // Within the size limit, so it reaches validation (the description is too long), not 413.
    expect(atLimit.status).toBe(400);
  });

  it("leaves an unparsable JSON body to the runtime's own 400, before the API runs", async () => {
    const api = createInProcessApi();
    const { token } = await api.partner();
    const response = await api.request("POST", "/v1/entries", {
      token,
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    expect(response.status).toBe(400);
    expect(response.headers["content-type"]).toMatch(/^text\/html/);
    expect(response.headers["x-request-id"]).toBeUndefined();
    expect(api.auth.calls.verifyIdToken).toBe(0);
  });
});

describe("GET /v1/entries/{id}", () => {
  it("answers 200 with the entry and its ETag", async () => {
    const api = createInProcessApi();
    const { token } = await api.partner();
    const entry = await created(api, token);
    const response = await api.request("GET", `/v1/entries/${entry.id}`, { token });
    expect(response.status).toBe(200);
    expect(response.body).toEqual(entry);
    expect(response.headers.etag).toBe('"v1"');
  });

  it("answers 404 for another partner's entry, exactly as for a missing one", async () => {
    const api = createInProcessApi();
    const owner = await api.partner();
    const other = await api.partner();
    const entry = await created(api, owner.token);
    const foreign = await api.request("GET", `/v1/entries/${entry.id}`, { token: other.token });
    const missing = await api.request("GET", "/v1/entries/e_999999", { token: other.token });
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual({ ...(missing.body as object), requestId: foreign.headers["x-request-id"] });
    expect(foreign.body).toMatchObject({ detail: "No entry with this id exists." });
  });

  it("answers 404 without reading the store for an id no Firestore document can have", async () => {
    let reads = 0;
    const api = createInProcessApi({
      wrapEntries: (repo) => ({
        ...repo,
        getEntry: (partnerId, id) => {
          reads++;
          return repo.getEntry(partnerId, id);
        },
      }),
    });
    const { token } = await api.partner();
    for (const id of ["__reserved__", "x".repeat(1501), "a%2Fb"]) {
      expect((await api.request("GET", `/v1/entries/${id}`, { token })).status).toBe(404);
    }
    expect(reads).toBe(0);
    // Entries created directly may have any other id, so those are looked up.
    for (const id of ["x_1", "e_a.b", "Qx7bT1kq2mN0pLs9RwZa", "with%20space"]) {
      expect((await api.request("GET", `/v1/entries/${id}`, { token })).status).toBe(404);
    }
    expect(reads).toBe(4);
  });
});

describe("GET /v1/entries", () => {
  it("answers an empty page for a partner without entries", async () => {
    const api = createInProcessApi();
    const { token } = await api.partner();
    const response = await api.request("GET", "/v1/entries", { token });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: [], nextPageToken: null });
  });

  it("pages newest first through the partner's own entries only, without gap or repeat", async () => {
    const api = createInProcessApi();
    const { token } = await api.partner();
    const other = await api.partner();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.unshift((await created(api, token)).id);
      api.clock.advance(1000);
    }
    await created(api, other.token);
    const first = await api.request("GET", "/v1/entries?limit=2", { token });
    const firstPage = first.body as { data: { id: string }[]; nextPageToken: string };
    expect(firstPage.data.map(({ id }) => id)).toEqual(ids.slice(0, 2));
    // An entry created while paging lands before the cursor, never inside the pages ahead.
    await created(api, token);
    const seen = [...firstPage.data.map(({ id }) => id)];
    let pageToken: string | null = firstPage.nextPageToken;
    while (pageToken) {
      const page = await api.request("GET", `/v1/entries?limit=2&pageToken=${pageToken}`, { token });
      const body = page.body as { data: { id: string }[]; nextPageToken: string | null };
      seen.push(...body.data.map(({ id }) => id));
      pageToken = body.nextPageToken;
    }
    expect(seen).toEqual(ids);
  });

  it("answers the last full page without a next token, so no empty page follows", async () => {
    const api = createInProcessApi();
    const { token } = await api.partner();
    await created(api, token);
    await created(api, token);
    const response = await api.request("GET", "/v1/entries?limit=2", { token });
    expect(response.body).toMatchObject({ nextPageToken: null });
    expect((response.body as { data: unknown[] }).data).toHaveLength(2);
  });

  it("reads at most limit + 1 entries, with limit 20 by default", async () => {
    const limits: number[] = [];
    const api = createInProcessApi({
      wrapEntries: (repo) => ({
        ...repo,
        listEntries: (partnerId, limit, after) => {
          limits.push(limit);
          return repo.listEntries(partnerId, limit, after);
        },
      }),
    });
    const { token } = await api.partner();
    await api.request("GET", "/v1/entries", { token });
    await api.request("GET", "/v1/entries?limit=100", { token });
    await api.request("GET", "/v1/entries?limit=1", { token });
    expect(limits).toEqual([21, 101, 2]);
  });

  it.each([
    ["limit=0", "limit"],
    ["limit=101", "limit"],
    ["limit=abc", "limit"],
    ["limit=1.5", "limit"],
    ["colour=red", "colour"],
    ["pageToken=", "pageToken"],
    ["pageToken=!!!", "pageToken"],
    [
      `pageToken=${Buffer.from('{"c":"2026-01-01T00:00:00.000Z","i":"x"}').toString("base64url")}`,
      "pageToken",
    ],
  ])("answers 400 for ?%s naming %s", async (query, field) => {
    const api = createInProcessApi();
    const { token } = await api.partner();
    const response = await api.request("GET", `/v1/entries?${query}`, { token });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ status: 400, errors: [expect.objectContaining({ field })] });
  });

  it("says it is the query that is invalid, on the list and on an entry's history", async () => {
    const api = createInProcessApi();
    const { token } = await api.partner();
    const created = await api.request("POST", "/v1/entries", { token, body: ENTRY_INPUT });
    const id = (created.body as { id: string }).id;
    for (const path of ["/v1/entries?limit=0", `/v1/entries/${id}/versions?limit=0`]) {
      const response = await api.request("GET", path, { token });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({
        detail: "The query is invalid.",
        errors: [expect.objectContaining({ field: "limit" })],
      });
    }
  });
});

describe("PATCH /v1/entries/{id}", () => {
  it("corrects description and category, bumps version and updatedAt, and keeps the rest", async () => {
    const api = createInProcessApi();
    const { token, partnerId } = await api.partner();
    const entry = await created(api, token);
    api.clock.advance(60_000);
    const response = await api.request("PATCH", `/v1/entries/${entry.id}`, {
      token,
      body: { description: "Dinner service", category: "catering" },
    });
    expect(response.status).toBe(200);
    const updated = {
      ...entry,
      description: "Dinner service",
      category: "catering",
      version: 2,
      updatedAt: "2026-11-30T09:01:00.000Z",
    };
    expect(response.body).toEqual(updated);
    expect(response.headers.etag).toBe('"v2"');
    expect(await api.entries.getEntry(partnerId, entry.id)).toEqual(updated);
  });

  it("voids an entry, leaving fields the patch does not name untouched", async () => {
    const api = createInProcessApi();
    const { token } = await api.partner();
    const entry = await created(api, token);
    const response = await api.request("PATCH", `/v1/entries/${entry.id}`, {
      token,
      body: { status: "void" },
    });
    expect(response.body).toMatchObject({ status: "void", description: "Lunch service", version: 2 });
  });

  it("answers 412 for a stale If-Match and changes nothing", async () => {
    const api = createInProcessApi();
    const { token, partnerId } = await api.partner();
    const entry = await created(api, token);
    await api.request("PATCH", `/v1/entries/${entry.id}`, { token, body: { description: "v2" } });
    const before = await api.entries.getEntry(partnerId, entry.id);
    const response = await api.request("PATCH", `/v1/entries/${entry.id}`, {
      token,
      headers: { "if-match": '"v1"' },
      body: { description: "lost update" },
    });
    expect(response.status).toBe(412);
    expect(response.body).toMatchObject({ title: "Precondition failed" });
    expect(await api.entries.getEntry(partnerId, entry.id)).toEqual(before);
  });

  it.each(['"v1"', '"v9", "v1"', "*", ' "v1" '])(
    "applies the change when If-Match is %s",
    async (ifMatch) => {
      const api = createInProcessApi();
      const { token } = await api.partner();
      const entry = await created(api, token);
      const response = await api.request("PATCH", `/v1/entries/${entry.id}`, {
        token,
        headers: { "if-match": ifMatch },
        body: { category: "x" },
      });
      expect(response.status).toBe(200);
    },
  );

  it("answers 412 for a weak or unquoted tag, since If-Match compares strongly", async () => {
    const api = createInProcessApi();
    const { token } = await api.partner();
    const entry = await created(api, token);
    for (const ifMatch of ['W/"v1"', "v1"]) {
      const response = await api.request("PATCH", `/v1/entries/${entry.id}`, {
        token,
        headers: { "if-match": ifMatch },
        body: { category: "x" },
      });
      expect(response.status).toBe(412);
    }
  });

  it.each([
    ["an empty patch", {}, "(root)"],
    ["a field that cannot change", { amountMinor: 5 }, "amountMinor"],
    ["un-voiding", { status: "posted" }, "status"],
    ["an overlong description", { description: "x".repeat(501) }, "description"],
  ])("answers 400 for %s and changes nothing", async (_name, body, field) => {
    const api = createInProcessApi();
    const { token, partnerId } = await api.partner();
    const entry = await created(api, token);
    const response = await api.request("PATCH", `/v1/entries/${entry.id}`, { token, body });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      detail: "The update is invalid.",
      errors: expect.arrayContaining([expect.objectContaining({ field })]),
    });
    expect(await api.entries.getEntry(partnerId, entry.id)).toEqual(entry);
  });

  it("answers 404 for another partner's entry and changes nothing", async () => {
    const api = createInProcessApi();
    const owner = await api.partner();
    const other = await api.partner();
    const entry = await created(api, owner.token);
    for (const id of [entry.id, "e_999999", "not-an-id"]) {
      const response = await api.request("PATCH", `/v1/entries/${id}`, {
        token: other.token,
        body: { description: "hijack" },
      });
      expect(response.status).toBe(404);
    }
    expect(await api.entries.getEntry(owner.partnerId, entry.id)).toEqual(entry);
  });

  it("answers 415 and 413 as POST does", async () => {
    const api = createInProcessApi();
    const { token } = await api.partner();
    const entry = await created(api, token);
    const path = `/v1/entries/${entry.id}`;
    const text = await api.request("PATCH", path, {
      token,
      headers: { "content-type": "text/plain" },
      body: "x",
    });
    expect(text.status).toBe(415);
    const large = await api.request("PATCH", path, {
      token,
      body: { description: "x".repeat(70_000) },
    });
    expect(large.status).toBe(413);
  });

  it("applies concurrent corrections one after another, losing none", async () => {
    const api = createInProcessApi();
    const { token, partnerId } = await api.partner();
    const entry = await created(api, token);
    const responses = await Promise.all(
      ["a", "b", "c", "d"].map((category) =>
        api.request("PATCH", `/v1/entries/${entry.id}`, { token, body: { category } }),
      ),
    );
    expect(responses.map(({ status }) => status)).toEqual([200, 200, 200, 200]);
    expect(responses.map(({ body }) => (body as { version: number }).version).sort()).toEqual([2, 3, 4, 5]);
    expect(await api.entries.getEntry(partnerId, entry.id)).toMatchObject({ version: 5 });
  });
});
