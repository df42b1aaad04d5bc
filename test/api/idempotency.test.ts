import { describe, expect, it } from "vitest";
import { call, entryBody } from "../support/http.js";
import { entryCount, partnerSession } from "../support/stack.js";

describe("Idempotency-Key", () => {
  it("replays the first response for the same key and body, with Idempotent-Replayed", async () => {
    const partner = await partnerSession();
    const headers = { "idempotency-key": "order-1/attempt" };
    const first = await call("/entries", {
      method: "POST",
      token: partner.token,
      body: entryBody(),
      headers,
    });
    // Key order differs; the body is the same JSON.
    const reordered = Object.fromEntries(Object.entries(entryBody()).reverse());
    const second = await call("/entries", { method: "POST", token: partner.token, body: reordered, headers });
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    expect(second.status).toBe(201);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(second.body).toEqual(first.body);
    expect(second.headers.get("location")).toBe(first.headers.get("location"));
    expect(await entryCount(partner.partnerId)).toBe(1);
  });

  it("answers 422 for the same key with a different body and creates nothing more", async () => {
    const partner = await partnerSession();
    const headers = { "idempotency-key": "k-422" };
    await call("/entries", { method: "POST", token: partner.token, body: entryBody(), headers });
    const reused = await call("/entries", {
      method: "POST",
      token: partner.token,
      body: entryBody({ amountMinor: 999 }),
      headers,
    });
    expect(reused.status).toBe(422);
    expect(reused.body).toMatchObject({ status: 422 });
    expect(await entryCount(partner.partnerId)).toBe(1);
  });

  it("scopes keys to the partner", async () => {
    const [a, b] = await Promise.all([partnerSession(), partnerSession()]);
    const headers = { "idempotency-key": "shared-key" };
    const fromA = await call("/entries", { method: "POST", token: a.token, body: entryBody(), headers });
    const fromB = await call("/entries", { method: "POST", token: b.token, body: entryBody(), headers });
    expect(fromB.status).toBe(201);
    expect(fromB.headers.get("idempotent-replayed")).toBeNull();
    expect(fromB.body.id).not.toBe(fromA.body.id);
  });

  // Cold emulator workers start per concurrent request, hence the long timeout.
  it("creates one entry for concurrent duplicates", { timeout: 90_000 }, async () => {
    const partner = await partnerSession();
    const headers = { "idempotency-key": "concurrent-1" };
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        call("/entries", { method: "POST", token: partner.token, body: entryBody(), headers }),
      ),
    );
    const created = results.filter((result) => result.status === 201);
    expect(created.length).toBeGreaterThan(0);
    expect(new Set(created.map((result) => result.body.id)).size).toBe(1);
    expect(results.every((result) => result.status === 201 || result.status === 409)).toBe(true);
    expect(await entryCount(partner.partnerId)).toBe(1);
  });

  it("answers 400 for an invalid key", async () => {
    const partner = await partnerSession();
    for (const key of ["", "x".repeat(256), "has space"]) {
      const response = await call("/entries", {
        method: "POST",
        token: partner.token,
        body: entryBody(),
        headers: { "idempotency-key": key },
      });
      expect(response.status, JSON.stringify(key)).toBe(400);
      expect(response.body.errors[0].field).toBe("Idempotency-Key");
    }
    expect(await entryCount(partner.partnerId)).toBe(0);
  });
});
