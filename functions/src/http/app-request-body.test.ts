import { describe, expect, it } from "vitest";
import { ENTRY_INPUT } from "../testing/entry-fixtures.js";
import { createInProcessApi, type InProcessApi } from "../testing/in-process-api.js";

// What every write route does with its body before any schema sees it (request-body.ts), seen
// through POST /v1/entries (JSON only) and PATCH /v1/entries/{id} (JSON or merge-patch).

async function anEntryOf(api: InProcessApi, token: string) {
  const response = await api.request("POST", "/v1/entries", { token, body: ENTRY_INPUT });
  expect(response.status).toBe(201);
  return response.body as { id: string; version: number };
}

/** Sends `body` as a PATCH of the entry with this Content-Type. */
function patch(api: InProcessApi, token: string, id: string, contentType: string, body: string | Buffer) {
  return api.request("PATCH", `/v1/entries/${id}`, { token, headers: { "content-type": contentType }, body });
}

const notAnObject = {
  type: "urn:partner-api:problem:invalid-request",
  status: 400,
  detail: "The request body is not a JSON object.",
  errors: [{ field: "(root)", message: "a JSON object is required" }],
};

describe("write bodies", () => {
  it("answers 415 naming the one accepted type, without Accept-Patch, when a POST has no Content-Type", async () => {
    const api = createInProcessApi();
    const { token, partnerId } = await api.partner();
    const response = await api.request("POST", "/v1/entries", { token, body: JSON.stringify(ENTRY_INPUT) });
    expect(response.status).toBe(415);
    expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({
      type: "urn:partner-api:problem:unsupported-media-type",
      status: 415,
      detail: "Send the body with Content-Type: application/json.",
    });
    expect(response.headers["accept-patch"]).toBeUndefined();
    expect(await api.entries.listEntries(partnerId, 10, null)).toEqual([]);
  });

  it("answers a PATCH of another type 415 naming both accepted types, and says them in Accept-Patch", async () => {
    const api = createInProcessApi();
    const { token, partnerId } = await api.partner();
    const entry = await anEntryOf(api, token);
    const response = await patch(api, token, entry.id, "text/plain", '{"description":"x"}');
    expect(response.status).toBe(415);
    expect(response.body).toMatchObject({
      type: "urn:partner-api:problem:unsupported-media-type",
      detail: "Send the body with Content-Type: application/json or application/merge-patch+json.",
    });
    expect(response.headers["accept-patch"]).toBe("application/json, application/merge-patch+json");
    expect(await api.entries.getEntry(partnerId, entry.id)).toMatchObject({ version: entry.version });
  });

  it("accepts a media type followed by spaces before its parameters", async () => {
    const api = createInProcessApi();
    const { token } = await api.partner();
    const response = await api.request("POST", "/v1/entries", {
      token,
      headers: { "content-type": "application/json ; charset=utf-8" },
      body: JSON.stringify(ENTRY_INPUT),
    });
    expect(response.status).toBe(201);
  });

  it("reads application/json as the runtime decoded it, in a UTF-16 charset too", async () => {
    const api = createInProcessApi();
    const { token } = await api.partner();
    const response = await api.request("POST", "/v1/entries", {
      token,
      headers: { "content-type": "application/json; charset=utf-16le" },
      body: Buffer.from(JSON.stringify(ENTRY_INPUT), "utf16le"),
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ description: ENTRY_INPUT.description });
  });

  it("answers 400 for a JSON array, naming the root, before validating any field", async () => {
    const api = createInProcessApi();
    const { token, partnerId } = await api.partner();
    const response = await api.request("POST", "/v1/entries", { token, body: [ENTRY_INPUT] });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject(notAnObject);
    expect(await api.entries.listEntries(partnerId, 10, null)).toEqual([]);
  });

  it.each(["null", "5", '"text"', "[]", "true"])(
    "answers 400 for the merge patch %s, which is not an object, and changes nothing",
    async (body) => {
      const api = createInProcessApi();
      const { token, partnerId } = await api.partner();
      const entry = await anEntryOf(api, token);
      const response = await patch(api, token, entry.id, "application/merge-patch+json", body);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject(notAnObject);
      expect(await api.entries.getEntry(partnerId, entry.id)).toMatchObject({ version: entry.version });
    },
  );

  it.each([
    ["unparsable", "{not json"],
    ["not UTF-8", Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d])],
  ])("answers 400 problem+json for an %s merge patch, and changes nothing", async (_kind, body) => {
    const api = createInProcessApi();
    const { token, partnerId } = await api.partner();
    const entry = await anEntryOf(api, token);
    const response = await patch(api, token, entry.id, "application/merge-patch+json", body);
    expect(response.status).toBe(400);
    expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({
      type: "urn:partner-api:problem:invalid-request",
      detail: "The request body is not valid JSON.",
      errors: [{ field: "(root)", message: "is not valid UTF-8 JSON" }],
    });
    expect(await api.entries.getEntry(partnerId, entry.id)).toMatchObject({ version: entry.version });
  });

  it("applies a merge patch parsed from the raw body", async () => {
    const api = createInProcessApi();
    const { token, partnerId } = await api.partner();
    const entry = await anEntryOf(api, token);
    const response = await patch(
      api,
      token,
      entry.id,
      "application/merge-patch+json",
      '{"description":"Corrected"}',
    );
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ description: "Corrected", version: entry.version + 1 });
    expect(await api.entries.getEntry(partnerId, entry.id)).toMatchObject({ description: "Corrected" });
  });

  describe("lone UTF-16 surrogates, which JSON can spell and UTF-8 cannot carry", () => {
    const json = (fields: Record<string, string>) =>
      JSON.stringify({ ...ENTRY_INPUT, ...fields }).replaceAll("LONE", "\\ud800");

    it.each([
      ["externalId", { externalId: "pos-LONE" }, "externalId"],
      ["description", { description: "LONE" }, "description"],
      ["a field name", { xLONE: "1" }, "x\ud800"],
    ])(
      "answers a create with one in %s 400 naming the field, and stores nothing",
      async (_what, fields, field) => {
        const api = createInProcessApi();
        const { token, partnerId } = await api.partner();
        const response = await api.request("POST", "/v1/entries", {
          token,
          headers: { "content-type": "application/json", "idempotency-key": "k-1" },
          body: json(fields),
        });
        expect(response.status).toBe(400);
        expect(response.body).toMatchObject({
          errors: [{ field, message: "is not well-formed Unicode (it holds a lone UTF-16 surrogate)" }],
        });
        expect(await api.entries.listEntries(partnerId, 10, null)).toEqual([]);
      },
    );

    it("answers a correction with one 400 naming the field, and changes nothing", async () => {
      const api = createInProcessApi();
      const { token, partnerId } = await api.partner();
      const created = await anEntryOf(api, token);
      const response = await patch(api, token, created.id, "application/json", '{"category":"\\udfff"}');
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ errors: [{ field: "category" }] });
      expect((await api.entries.getEntry(partnerId, created.id))?.version).toBe(1);
    });
  });
});
