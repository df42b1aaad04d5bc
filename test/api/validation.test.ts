import { describe, expect, it } from "vitest";
import { call, entryBody } from "../support/http.js";
import { entryCount, partnerSession } from "../support/stack.js";

const invalidCreates: [string, Record<string, unknown>][] = [
  ["type", { type: "transfer" }],
  ["type", { type: undefined }],
  ["amountMinor", { amountMinor: 0 }],
  ["amountMinor", { amountMinor: 1_000_000_000_001 }],
  ["amountMinor", { amountMinor: 12.5 }],
  ["amountMinor", { amountMinor: "1250" }],
  ["currency", { currency: "eur" }],
  ["currency", { currency: "EURO" }],
  ["currency", { currency: "XYZ" }],
  ["description", { description: "x".repeat(501) }],
  ["description", { description: undefined }],
  ["category", { category: undefined }],
  ["category", { category: "x".repeat(65) }],
  ["externalId", { externalId: "x".repeat(129) }],
  ["externalId", { externalId: "" }],
  // Lone UTF-16 surrogates (JSON spells them \ud800): a 500, then a create hanging on a held lock, on main.
  ["externalId", { externalId: "\ud800" }],
  ["externalId", { externalId: "pos-\udfff" }],
  ["description", { description: "\ud800" }],
  ["occurredAt", { occurredAt: "yesterday" }],
  ["occurredAt", { occurredAt: "2026-02-30T12:00:00Z" }],
  ["occurredAt", { occurredAt: "2026-11-20T12:00:00" }],
  // Valid RFC 3339, but outside what a Firestore timestamp holds (0001-01-01 to 9999-12-31 UTC).
  ["occurredAt", { occurredAt: "0000-01-01T00:00:00Z" }],
  ["occurredAt", { occurredAt: "0001-01-01T00:30:00+01:00" }],
  ["occurredAt", { occurredAt: "9999-12-31T23:59:59-01:00" }],
  ["status", { status: "posted" }],
  ["version", { version: 7 }],
  ["partnerId", { partnerId: "someone-else" }],
];

describe("validation", () => {
  it.each(invalidCreates)(
    "answers 400 naming %s for an invalid create, and stores nothing",
    async (field, overrides) => {
      const partner = await partnerSession();
      const response = await call("/entries", {
        method: "POST",
        token: partner.token,
        body: entryBody(overrides),
      });
      expect(response.status).toBe(400);
      expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
      expect(await entryCount(partner.partnerId)).toBe(0);
    },
  );

  it("accepts every field just inside its bound", async () => {
    const partner = await partnerSession();
    const response = await call("/entries", {
      method: "POST",
      token: partner.token,
      body: entryBody({
        amountMinor: 1_000_000_000_000,
        description: "x".repeat(500),
        category: "x".repeat(64),
        externalId: "x".repeat(128),
      }),
    });
    expect(response.status).toBe(201);
  });

  it("accepts the first and the last instant a Firestore timestamp holds, offsets included", async () => {
    const partner = await partnerSession();
    const cases = [
      ["0001-01-01T00:00:00Z", "0001-01-01T00:00:00.000Z"],
      ["0001-01-01T01:00:00+01:00", "0001-01-01T00:00:00.000Z"],
      ["9999-12-31T23:59:59.999999999Z", "9999-12-31T23:59:59.999Z"],
      ["9999-12-31T22:59:59-01:00", "9999-12-31T23:59:59.000Z"],
    ];
    for (const [occurredAt, stored] of cases) {
      const response = await call("/entries", {
        method: "POST",
        token: partner.token,
        body: entryBody({ occurredAt }),
      });
      expect(response.status, occurredAt).toBe(201);
      expect(response.body.occurredAt).toBe(stored);
      const read = await call(`/entries/${response.body.id}`, { token: partner.token });
      expect(read.body.occurredAt).toBe(stored);
    }
  });

  it("names every bad field at once", async () => {
    const partner = await partnerSession();
    const response = await call("/entries", {
      method: "POST",
      token: partner.token,
      body: { type: "x", amountMinor: -1, currency: 5 },
    });
    expect(response.status).toBe(400);
    const fields = response.body.errors.map((error: { field: string }) => error.field).sort();
    expect(fields).toEqual(["amountMinor", "category", "currency", "description", "occurredAt", "type"]);
  });

  it("answers 400 for a body that is not an object", async () => {
    const partner = await partnerSession();
    for (const body of ["[]", '"text"', "42", "null"]) {
      const response = await call("/entries", { method: "POST", token: partner.token, body });
      expect(response.status, body).toBe(400);
    }
  });

  it("answers 400 for invalid corrections", async () => {
    const partner = await partnerSession();
    const created = await call("/entries", { method: "POST", token: partner.token, body: entryBody() });
    for (const [field, body] of [
      ["(root)", {}],
      ["amountMinor", { amountMinor: 5 }],
      ["status", { status: "posted" }],
      ["description", { description: "x".repeat(501) }],
    ] as const) {
      const response = await call(`/entries/${created.body.id}`, {
        method: "PATCH",
        token: partner.token,
        body,
      });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    }
    expect((await call(`/entries/${created.body.id}`, { token: partner.token })).body.version).toBe(1);
  });

  it("lists at most 20 field errors for a 64 KiB body of unknown fields, and changes nothing", async () => {
    const partner = await partnerSession();
    const created = await call("/entries", { method: "POST", token: partner.token, body: entryBody() });
    expect(created.status, created.text).toBe(201);
    const unknownFields = JSON.stringify(
      Object.fromEntries(Array.from({ length: 6_500 }, (_, index) => [`k${index}`, 0])),
    );
    expect(unknownFields.length).toBeGreaterThan(60_000);
    for (const [method, path, contentType] of [
      ["POST", "/entries", "application/json"],
      ["PATCH", `/entries/${created.body.id}`, "application/json"],
      ["PATCH", `/entries/${created.body.id}`, "application/merge-patch+json"],
    ] as const) {
      const response = await call(path, {
        method,
        token: partner.token,
        body: unknownFields,
        headers: { "content-type": contentType },
      });
      expect(response.status, `${method} ${contentType}`).toBe(400);
      expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      expect(response.body.errors).toHaveLength(20);
      expect(response.body.errors).toContainEqual({ field: "k0", message: "is not a known field" });
      expect(response.body.detail).toMatch(/^The \w+ is invalid: 65\d\d problems, the first 20 listed\.$/);
      expect(response.text.length).toBeLessThan(4_096);
    }
    expect(await entryCount(partner.partnerId)).toBe(1);
    expect((await call(`/entries/${created.body.id}`, { token: partner.token })).body.version).toBe(1);
  });

  it("applies a correction sent as application/merge-patch+json", async () => {
    const partner = await partnerSession();
    const created = await call("/entries", { method: "POST", token: partner.token, body: entryBody() });
    expect(created.status, created.text).toBe(201);
    const response = await call(`/entries/${created.body.id}`, {
      method: "PATCH",
      token: partner.token,
      body: JSON.stringify({ category: "corrected" }),
      headers: { "content-type": "application/merge-patch+json; charset=utf-8" },
    });
    expect(response.status, response.text).toBe(200);
    expect(response.body).toMatchObject({ category: "corrected", description: "Lunch service", version: 2 });
  });

  it("answers a merge patch that is not a JSON object, or removes a field, with problem+json 400", async () => {
    const partner = await partnerSession();
    const created = await call("/entries", { method: "POST", token: partner.token, body: entryBody() });
    expect(created.status, created.text).toBe(201);
    for (const [body, field] of [
      ["[]", "(root)"],
      ['"text"', "(root)"],
      ["42", "(root)"],
      ["null", "(root)"],
      ['{"category": ', "(root)"],
      ['{"category": null}', "category"],
    ]) {
      const response = await call(`/entries/${created.body.id}`, {
        method: "PATCH",
        token: partner.token,
        body,
        headers: { "content-type": "application/merge-patch+json" },
      });
      expect(response.status, body).toBe(400);
      expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      expect(response.body.errors.map((error: { field: string }) => error.field)).toEqual([field]);
    }
    expect((await call(`/entries/${created.body.id}`, { token: partner.token })).body.version).toBe(1);
  });

  it("answers 415 for JSON-flavoured media types a route does not take, and stores nothing", async () => {
    const partner = await partnerSession();
    const created = await call("/entries", { method: "POST", token: partner.token, body: entryBody() });
    expect(created.status, created.text).toBe(201);
    for (const contentType of ["application/merge-patch+json", "application/vnd.api+json"]) {
      const response = await call("/entries", {
        method: "POST",
        token: partner.token,
        body: JSON.stringify(entryBody()),
        headers: { "content-type": contentType },
      });
      expect(response.status, contentType).toBe(415);
      expect(response.body.detail).toBe("Send the body with Content-Type: application/json.");
    }
    const patch = await call(`/entries/${created.body.id}`, {
      method: "PATCH",
      token: partner.token,
      body: JSON.stringify([{ op: "replace", path: "/category", value: "x" }]),
      headers: { "content-type": "application/json-patch+json" },
    });
    expect(patch.status).toBe(415);
    expect(patch.headers.get("accept-patch")).toBe("application/json, application/merge-patch+json");
    expect(await entryCount(partner.partnerId)).toBe(1);
    expect((await call(`/entries/${created.body.id}`, { token: partner.token })).body.version).toBe(1);
  });

  it("answers the runtime's 400 for malformed JSON, and stores nothing", async () => {
    const partner = await partnerSession();
    const response = await call("/entries", {
      method: "POST",
      token: partner.token,
      body: '{"type": "income",',
    });
    expect(response.status).toBe(400);
    expect(await entryCount(partner.partnerId)).toBe(0);
  });

  it("answers 413 for a body over 64 KiB", async () => {
    const partner = await partnerSession();
    const response = await call("/entries", {
      method: "POST",
      token: partner.token,
      body: entryBody({ description: "x".repeat(70_000) }),
    });
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({ status: 413 });
    expect(await entryCount(partner.partnerId)).toBe(0);
  });

  it("answers 415 for a body that is not JSON", async () => {
    const partner = await partnerSession();
    const response = await call("/entries", {
      method: "POST",
      token: partner.token,
      body: "type=income",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(response.status).toBe(415);
    expect(response.body).toMatchObject({ status: 415 });
    const plain = await call("/entries", {
      method: "POST",
      token: partner.token,
      body: JSON.stringify(entryBody()),
      headers: { "content-type": "text/plain" },
    });
    expect(plain.status).toBe(415);
    expect(await entryCount(partner.partnerId)).toBe(0);
  });
});
