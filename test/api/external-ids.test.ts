import { FieldValue } from "firebase-admin/firestore";
import { describe, expect, it } from "vitest";
import { call, entryBody } from "../support/http.js";
import { adminDb, entryCount, partnerSession } from "../support/stack.js";

// externalId is unique per partner on both paths: the API writes partners/{p}/externalIds/{externalId}
// in the entry's transaction, in the shape firestore.rules demands of direct writers.
describe("externalId", () => {
  it("answers 409 naming the existing entry for a second create with the same externalId, and writes nothing", async () => {
    const partner = await partnerSession();
    const first = await call("/entries", {
      method: "POST",
      token: partner.token,
      body: entryBody({ externalId: "pos-1" }),
    });
    const second = await call("/entries", {
      method: "POST",
      token: partner.token,
      body: entryBody({ externalId: "pos-1", amountMinor: 999 }),
    });
    expect(first.status).toBe(201);
    expect(second.status).toBe(409);
    expect(second.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(second.headers.get("retry-after")).toBeNull();
    expect(second.body).toMatchObject({
      type: "urn:partner-api:problem:duplicate-external-id",
      status: 409,
      entryId: first.body.id,
      errors: [{ field: "externalId" }],
    });
    expect(second.body.detail).toContain(first.body.id);
    expect(await entryCount(partner.partnerId)).toBe(1);
  });

  it("claims partners/{p}/externalIds/{externalId} with exactly { entryId }, as firestore.rules expects", async () => {
    const partner = await partnerSession();
    const created = await call("/entries", {
      method: "POST",
      token: partner.token,
      body: entryBody({ externalId: "pos-2" }),
    });
    expect(created.status).toBe(201);
    const claim = await adminDb().doc(`partners/${partner.partnerId}/externalIds/pos-2`).get();
    expect(claim.data()).toEqual({ entryId: created.body.id });
  });

  it("treats an externalId claimed by a direct writer as taken", async () => {
    const partner = await partnerSession();
    const db = adminDb();
    const entry = db.collection(`partners/${partner.partnerId}/entries`).doc();
    const batch = db.batch();
    batch.create(entry, {
      ...entryBody({ externalId: "pos-3" }),
      partnerId: partner.partnerId,
      occurredAt: new Date("2026-11-20T12:00:00Z"),
      status: "posted",
      version: 1,
      createdAt: FieldValue.serverTimestamp(),
      updatedAt: FieldValue.serverTimestamp(),
    });
    batch.create(db.doc(`partners/${partner.partnerId}/externalIds/pos-3`), { entryId: entry.id });
    await batch.commit();

    const created = await call("/entries", {
      method: "POST",
      token: partner.token,
      body: entryBody({ externalId: "pos-3" }),
    });
    expect(created.status).toBe(409);
    expect(created.body).toMatchObject({ status: 409, entryId: entry.id });
    expect(await entryCount(partner.partnerId)).toBe(1);
  });

  it("replays a keyed create with its externalId rather than answering 409 to its own retry", async () => {
    const partner = await partnerSession();
    const request = {
      method: "POST",
      token: partner.token,
      body: entryBody({ externalId: "pos-4" }),
      headers: { "idempotency-key": "pos-4-attempt" },
    };
    const first = await call("/entries", request);
    const again = await call("/entries", request);
    const otherKey = await call("/entries", { ...request, headers: { "idempotency-key": "another" } });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body).toEqual(first.body);
    expect(otherKey.status).toBe(409);
    expect(otherKey.body.entryId).toBe(first.body.id);
    expect(await entryCount(partner.partnerId)).toBe(1);
  });

  it(
    "creates one entry for concurrent creates with one externalId; the others are told which",
    {
      timeout: 120_000,
    },
    async () => {
      const partner = await partnerSession();
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, index) =>
          call("/entries", {
            method: "POST",
            token: partner.token,
            body: entryBody({ externalId: "pos-5", amountMinor: index + 1 }),
          }),
        ),
      );
      const created = results.filter((result) => result.status === 201);
      expect(created).toHaveLength(1);
      const id = created[0]?.body.id;
      for (const result of results.filter((candidate) => candidate.status !== 201)) {
        // A duplicate names the winner; a retryable refusal (contention, a slow backend) changed nothing.
        if (result.body.type === "urn:partner-api:problem:duplicate-external-id") {
          expect(result.body.entryId).toBe(id);
        } else {
          expect([409, 503]).toContain(result.status);
          expect(result.headers.get("retry-after")).not.toBeNull();
        }
      }
      expect(await entryCount(partner.partnerId)).toBe(1);
      const claim = await adminDb().doc(`partners/${partner.partnerId}/externalIds/pos-5`).get();
      expect(claim.data()).toEqual({ entryId: id });
    },
  );

  it("answers 400 for an externalId that cannot name a document, and writes nothing", async () => {
    const partner = await partnerSession();
    for (const externalId of ["a/b", ".", "..", "__id__"]) {
      const response = await call("/entries", {
        method: "POST",
        token: partner.token,
        body: entryBody({ externalId }),
      });
      expect(response.status, externalId).toBe(400);
      expect(response.body.errors).toEqual([{ field: "externalId", message: expect.any(String) }]);
    }
    expect(await entryCount(partner.partnerId)).toBe(0);
  });
});
