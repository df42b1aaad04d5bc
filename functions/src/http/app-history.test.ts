import { describe, expect, it } from "vitest";
import type { EntryVersion } from "../domain/entries/entry-history.js";
import type { Entry } from "../domain/entries/entry-schema.js";
import { createInProcessApi } from "../testing/in-process-api.js";
import { ENTRY_INPUT } from "../testing/entry-fixtures.js";

interface HistoryPage {
  data: EntryVersion[];
  nextPageToken: string | null;
}

const input = ENTRY_INPUT;

describe("entry history", () => {
  it("records the create and each correction with who and when, and serves them oldest first", async () => {
    const api = createInProcessApi();
    const { token, uid, partnerId } = await api.partner();
    const headers = { "x-request-id": "req-1" };
    const created = await api.request("POST", "/v1/entries", { token, body: input, headers });
    const entry = created.body as Entry;
    const id = entry.id;
    await api.request("PATCH", `/v1/entries/${id}`, {
      token,
      body: { description: "Dinner", category: "sales" },
      headers: { "x-request-id": "req-2" },
    });
    const history = await api.request("GET", `/v1/entries/${id}/versions`, { token });
    expect(history.status).toBe(200);
    const page = history.body as HistoryPage;
    expect(page.nextPageToken).toBeNull();
    expect(page.data).toEqual([
      expect.objectContaining({
        version: 1,
        action: "create",
        actor: { uid, partnerId, requestId: "req-1" },
        at: entry.createdAt,
      }),
      expect.objectContaining({
        version: 2,
        action: "update",
        changes: { description: { before: "Lunch service", after: "Dinner" } },
        actor: { uid, partnerId, requestId: "req-2" },
      }),
    ]);
    expect(page.data[0]?.changes).toMatchObject({
      amountMinor: { before: null, after: 1250 },
      occurredAt: { before: null, after: "2026-11-20T12:00:00.000Z" },
    });
    expect(page.data[0]?.changes).not.toHaveProperty("externalId");
  });

  it("writes no version for a refused correction", async () => {
    const api = createInProcessApi();
    const { token, partnerId } = await api.partner();
    const { id } = (await api.request("POST", "/v1/entries", { token, body: input })).body as Entry;
    const stale = await api.request("PATCH", `/v1/entries/${id}`, {
      token,
      body: { status: "void" },
      headers: { "if-match": '"v9"' },
    });
    expect(stale.status).toBe(412);
    expect(await api.entries.listVersions(partnerId, id, 10, null)).toHaveLength(1);
  });

  it("answers 404 for another partner's entry", async () => {
    const api = createInProcessApi();
    const owner = await api.partner();
    const other = await api.partner();
    const created = await api.request("POST", "/v1/entries", { token: owner.token, body: input });
    const { id } = created.body as Entry;
    const response = await api.request("GET", `/v1/entries/${id}/versions`, {
      token: other.token,
    });
    expect(response.status).toBe(404);
  });
});

describe("externalId", () => {
  it("answers 409 naming the entry that holds it, and writes nothing", async () => {
    const api = createInProcessApi();
    const { token, partnerId } = await api.partner();
    const body = { ...input, externalId: "pos-1" };
    const first = (await api.request("POST", "/v1/entries", { token, body })).body as Entry;
    const second = await api.request("POST", "/v1/entries", { token, body: { ...body, amountMinor: 2 } });
    expect(second.status).toBe(409);
    expect(second.headers["retry-after"]).toBeUndefined();
    expect(second.body).toMatchObject({
      type: "urn:partner-api:problem:duplicate-external-id",
      detail: `Entry ${first.id} already has this externalId.`,
      entryId: first.id,
      errors: [{ field: "externalId", message: `is already used by entry ${first.id}` }],
    });
    expect(await api.entries.listEntries(partnerId, 10, null)).toHaveLength(1);
  });
});
