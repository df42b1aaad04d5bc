import { Timestamp } from "firebase-admin/firestore";
import { describe, expect, it } from "vitest";
import { call, entryBody, keyedCreate } from "../support/http.js";
import { adminDb, partnerSession } from "../support/stack.js";

// Every API write leaves a trail: partners/{p}/entries/{e}/versions/{n}, written in the write's own
// transaction, readable at GET /v1/entries/{id}/versions.
describe("entry history", () => {
  it("records the create as version 1 with who, when and every field, and serves it to the partner", async () => {
    const partner = await partnerSession();
    const created = await call("/entries", {
      method: "POST",
      token: partner.token,
      body: entryBody({ externalId: "pos-9" }),
      headers: { "x-request-id": "req-create-1" },
    });
    expect(created.status).toBe(201);

    const history = await call(`/entries/${created.body.id}/versions`, { token: partner.token });
    expect(history.status).toBe(200);
    expect(history.body).toEqual({
      data: [
        {
          version: 1,
          action: "create",
          changes: {
            externalId: { before: null, after: "pos-9" },
            type: { before: null, after: "income" },
            amountMinor: { before: null, after: 1250 },
            currency: { before: null, after: "EUR" },
            description: { before: null, after: "Lunch service" },
            category: { before: null, after: "sales" },
            occurredAt: { before: null, after: "2026-11-20T12:00:00.000Z" },
            status: { before: null, after: "posted" },
          },
          actor: { uid: partner.uid, partnerId: partner.partnerId, requestId: "req-create-1" },
          at: created.body.createdAt,
        },
      ],
      nextPageToken: null,
    });

    // At rest: the path and shape firestore.rules documents, the time a Firestore timestamp.
    const stored = await adminDb()
      .doc(`partners/${partner.partnerId}/entries/${created.body.id}/versions/1`)
      .get();
    expect(Object.keys(stored.data() ?? {}).sort()).toEqual(["action", "actor", "at", "changes", "version"]);
    expect(stored.get("at")).toBeInstanceOf(Timestamp);
    expect(stored.get("changes.occurredAt.after")).toBeInstanceOf(Timestamp);
  });

  it("records each correction with the before and after of the fields it changed, and nothing for a refused one", async () => {
    const partner = await partnerSession();
    const created = await call("/entries", { method: "POST", token: partner.token, body: entryBody() });
    const id = created.body.id;
    const corrected = await call(`/entries/${id}`, {
      method: "PATCH",
      token: partner.token,
      body: { description: "Dinner service", category: "sales" },
      headers: { "x-request-id": "req-fix-1" },
    });
    const stale = await call(`/entries/${id}`, {
      method: "PATCH",
      token: partner.token,
      body: { status: "void" },
      headers: { "if-match": '"v1"' },
    });
    const voided = await call(`/entries/${id}`, {
      method: "PATCH",
      token: partner.token,
      body: { status: "void" },
    });
    expect([corrected.status, stale.status, voided.status]).toEqual([200, 412, 200]);

    const history = await call(`/entries/${id}/versions`, { token: partner.token });
    expect(history.status).toBe(200);
    expect(history.body.data.map((version: { version: number }) => version.version)).toEqual([1, 2, 3]);
    expect(history.body.data[1]).toEqual({
      version: 2,
      action: "update",
      // category was sent unchanged, so it is not a change.
      changes: { description: { before: "Lunch service", after: "Dinner service" } },
      actor: { uid: partner.uid, partnerId: partner.partnerId, requestId: "req-fix-1" },
      at: corrected.body.updatedAt,
    });
    expect(history.body.data[2]).toMatchObject({
      version: 3,
      action: "update",
      changes: { status: { before: "posted", after: "void" } },
      at: voided.body.updatedAt,
    });
  });

  it("pages versions oldest first with an opaque pageToken, like the list", async () => {
    const partner = await partnerSession();
    const created = await call("/entries", { method: "POST", token: partner.token, body: entryBody() });
    const id = created.body.id;
    for (const description of ["a", "b"]) {
      await call(`/entries/${id}`, { method: "PATCH", token: partner.token, body: { description } });
    }
    const first = await call(`/entries/${id}/versions?limit=2`, { token: partner.token });
    expect(first.status).toBe(200);
    expect(first.body.data.map((version: { version: number }) => version.version)).toEqual([1, 2]);
    expect(first.body.nextPageToken).toEqual(expect.any(String));
    const second = await call(
      `/entries/${id}/versions?limit=2&pageToken=${encodeURIComponent(first.body.nextPageToken)}`,
      { token: partner.token },
    );
    expect(second.body).toMatchObject({ data: [{ version: 3 }], nextPageToken: null });

    const malformed = await call(`/entries/${id}/versions?pageToken=nope`, { token: partner.token });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([{ field: "pageToken", message: expect.any(String) }]);
  });

  it("answers 404 for another partner's entry and for a missing one, and 403 without entries:read", async () => {
    const [owner, other] = await Promise.all([partnerSession(), partnerSession()]);
    const created = await call("/entries", { method: "POST", token: owner.token, body: entryBody() });
    const foreign = await call(`/entries/${created.body.id}/versions`, { token: other.token });
    const missing = await call("/entries/e_missing/versions", { token: owner.token });
    expect(foreign.status).toBe(404);
    expect(foreign.body).toMatchObject({ status: 404, title: "Not found" });
    expect(missing.status).toBe(404);
    const writer = await partnerSession({ scopes: ["entries:write"], partnerId: owner.partnerId });
    const unscoped = await call(`/entries/${created.body.id}/versions`, { token: writer.token });
    expect(unscoped.status).toBe(403);
  });

  it("writes no version for an idempotent replay", async () => {
    const partner = await partnerSession();
    const request = keyedCreate(partner.token, "history-replay");
    const created = await call("/entries", request);
    const replayed = await call("/entries", request);
    expect(replayed.headers.get("idempotent-replayed")).toBe("true");
    const history = await call(`/entries/${created.body.id}/versions`, { token: partner.token });
    expect(history.body.data).toHaveLength(1);
  });
});
