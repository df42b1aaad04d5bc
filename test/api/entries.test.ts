import { describe, expect, it } from "vitest";
import { anEntry } from "partner-api-functions/testing";
import { call, entryBody, type ApiResponse } from "../support/http.js";
import { entryCount, partnerSession } from "../support/stack.js";

/** A 503 with Retry-After: the API's answer for a request refused for now that changed nothing. */
const isNothingChanged = (response: ApiResponse) =>
  response.status === 503 && response.headers.get("retry-after") !== null;

describe("entries", () => {
  it("creates an entry with 201, Location and ETag, and reads it back", async () => {
    const partner = await partnerSession();
    const created = await call("/entries", {
      method: "POST",
      token: partner.token,
      body: entryBody({ externalId: "pos-4711" }),
    });
    expect(created.status).toBe(201);
    expect(created.body.id).toMatch(/^e_/);
    expect(created.body).toEqual(
      anEntry(partner.partnerId, created.body.id, created.body.createdAt, { externalId: "pos-4711" }),
    );
    expect(created.headers.get("location")).toBe(`entries/${created.body.id}`);
    expect(created.headers.get("etag")).toBe('"v1"');

    const fetched = await call(`/entries/${created.body.id}`, { token: partner.token });
    expect(fetched.status).toBe(200);
    expect(fetched.body).toEqual(created.body);
    expect(fetched.headers.get("etag")).toBe('"v1"');
  });

  it("answers externalId null when absent and normalises occurredAt to UTC", async () => {
    const partner = await partnerSession();
    const body = entryBody({ occurredAt: "2026-11-20T13:00:00+01:00" });
    const created = await call("/entries", { method: "POST", token: partner.token, body });
    expect(created.status).toBe(201);
    expect(created.body.externalId).toBeNull();
    expect(created.body.occurredAt).toBe("2026-11-20T12:00:00.000Z");
  });

  it("lists entries newest first", async () => {
    const partner = await partnerSession();
    for (const amountMinor of [1, 2, 3]) {
      await call("/entries", { method: "POST", token: partner.token, body: entryBody({ amountMinor }) });
    }
    const listed = await call("/entries", { token: partner.token });
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((entry: { amountMinor: number }) => entry.amountMinor)).toEqual([3, 2, 1]);
    expect(listed.body.nextPageToken).toBeNull();
  });

  it("answers 404 for another partner's entry, on read and on update, and changes nothing", async () => {
    const owner = await partnerSession();
    const other = await partnerSession();
    const created = await call("/entries", { method: "POST", token: owner.token, body: entryBody() });
    const read = await call(`/entries/${created.body.id}`, { token: other.token });
    expect(read.status).toBe(404);
    expect(read.body).toMatchObject({ status: 404 });
    const patched = await call(`/entries/${created.body.id}`, {
      method: "PATCH",
      token: other.token,
      body: { status: "void" },
    });
    expect(patched.status).toBe(404);
    expect((await call(`/entries/${created.body.id}`, { token: owner.token })).body).toEqual(created.body);
    expect((await call("/entries", { token: other.token })).body.data).toEqual([]);
  });

  it("answers 404 for a missing entry and for ids that cannot exist", async () => {
    const partner = await partnerSession();
    // (A path with broken percent-encoding never reaches the API: the runtime answers it with HTML 400.)
    for (const id of [
      "e_missing",
      "not-an-id",
      "e_..%2F..",
      "e_%C3%A9t%C3%A9",
      "..",
      "e_" + "x".repeat(300),
    ]) {
      expect((await call(`/entries/${id}`, { token: partner.token })).status).toBe(404);
    }
  });

  it("corrects an entry, bumping version and ETag, and voids it", async () => {
    const partner = await partnerSession();
    const created = await call("/entries", { method: "POST", token: partner.token, body: entryBody() });
    const corrected = await call(`/entries/${created.body.id}`, {
      method: "PATCH",
      token: partner.token,
      body: { description: "Dinner service", category: "catering" },
      headers: { "if-match": '"v1"' },
    });
    expect(corrected.status).toBe(200);
    expect(corrected.body).toMatchObject({ description: "Dinner service", category: "catering", version: 2 });
    expect(corrected.headers.get("etag")).toBe('"v2"');
    expect(Date.parse(corrected.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.body.updatedAt));
    const voided = await call(`/entries/${created.body.id}`, {
      method: "PATCH",
      token: partner.token,
      body: { status: "void" },
    });
    expect(voided.body).toMatchObject({ status: "void", version: 3, amountMinor: 1250 });
  });

  it("answers 412 for a stale If-Match and changes nothing", async () => {
    const partner = await partnerSession();
    const created = await call("/entries", { method: "POST", token: partner.token, body: entryBody() });
    const path = `/entries/${created.body.id}`;
    await call(path, {
      method: "PATCH",
      token: partner.token,
      body: { category: "a" },
      headers: { "if-match": '"v1"' },
    });
    const stale = await call(path, {
      method: "PATCH",
      token: partner.token,
      body: { category: "b" },
      headers: { "if-match": '"v1"' },
    });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ status: 412 });
    const current = await call(path, { token: partner.token });
    expect(current.body).toMatchObject({ category: "a", version: 2 });
  });

  it("lets a PATCH without If-Match or with * through", async () => {
    const partner = await partnerSession();
    const created = await call("/entries", { method: "POST", token: partner.token, body: entryBody() });
    const star = await call(`/entries/${created.body.id}`, {
      method: "PATCH",
      token: partner.token,
      body: { category: "x" },
      headers: { "if-match": "*" },
    });
    expect(star.status).toBe(200);
    expect(star.body.version).toBe(2);
  });

  it("never lets concurrent PATCHes lose an update", { timeout: 90_000 }, async () => {
    const partner = await partnerSession();
    const created = await call("/entries", { method: "POST", token: partner.token, body: entryBody() });
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        call(`/entries/${created.body.id}`, {
          method: "PATCH",
          token: partner.token,
          body: { description: `writer ${index}` },
        }),
      ),
    );
    const succeeded = results.filter((result) => result.status === 200);
    const final = await call(`/entries/${created.body.id}`, { token: partner.token });
    expect(final.body.version).toBe(1 + succeeded.length);
    // Each loser is told so (409). On a loaded machine one may instead meet the request deadline before
    // its commit was sent: 503 with Retry-After, which changed nothing (the version count above holds).
    const unexpected = results.filter(
      (result) => result.status !== 200 && result.status !== 409 && !isNothingChanged(result),
    );
    expect(unexpected.map((result) => result.status)).toEqual([]);
    expect(await entryCount(partner.partnerId)).toBe(1);
  });
});
