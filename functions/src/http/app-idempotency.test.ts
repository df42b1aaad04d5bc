import { describe, expect, it } from "vitest";
import { createInProcessApi, type InProcessApi } from "../testing/in-process-api.js";

const input = {
  type: "expense",
  amountMinor: 999,
  currency: "USD",
  description: "Flour",
  category: "supplies",
  occurredAt: "2026-11-20T12:00:00.000Z",
};

const post = (api: InProcessApi, token: string, key: string, body: object = input) =>
  api.request("POST", "/v1/entries", { token, headers: { "idempotency-key": key }, body });

describe("Idempotency-Key", () => {
  it("replays the first response for the same key and body, creating one entry", async () => {
    const api = createInProcessApi();
    const { token, partnerId } = await api.partner();
    const first = await post(api, token, "order-1");
    api.clock.advance(60_000);
    const again = await post(api, token, "order-1");
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(again.headers.location).toBe(first.headers.location);
    expect(again.headers.etag).toBe('"v1"');
    expect(first.headers["idempotent-replayed"]).toBeUndefined();
    expect(await api.entries.listEntries(partnerId, 10, null)).toHaveLength(1);
  });

  it("replays a body whose keys come in another order", async () => {
    const api = createInProcessApi();
    const { token } = await api.partner();
    const first = await post(api, token, "k");
    const reordered = Object.fromEntries(Object.entries(input).reverse());
    const again = await post(api, token, "k", reordered);
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(again.body).toEqual(first.body);
  });

  it("answers 422 for the same key with a different body, and creates nothing more", async () => {
    const api = createInProcessApi();
    const { token, partnerId } = await api.partner();
    await post(api, token, "order-1");
    const response = await post(api, token, "order-1", { ...input, amountMinor: 1000 });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({
      type: "urn:partner-api:problem:idempotency-key-reused",
      title: "Idempotency key reused",
      detail: "This Idempotency-Key was already used with a different request body.",
    });
    expect(await api.entries.listEntries(partnerId, 10, null)).toHaveLength(1);
  });

  it("creates a new entry once the 24-hour window has passed", async () => {
    const api = createInProcessApi();
    const { token, uid, partnerId } = await api.partner();
    await post(api, token, "order-1");
    api.clock.advance(24 * 60 * 60 * 1000 - 1);
    const fresh = api.auth.issueToken(uid);
    expect((await post(api, fresh, "order-1")).headers["idempotent-replayed"]).toBe("true");
    api.clock.advance(1);
    const late = await post(api, fresh, "order-1", { ...input, amountMinor: 1 });
    expect(late.status).toBe(201);
    expect(late.headers["idempotent-replayed"]).toBeUndefined();
    expect(await api.entries.listEntries(partnerId, 10, null)).toHaveLength(2);
  });

  it("keeps keys per partner: another partner's same key creates its own entry", async () => {
    const api = createInProcessApi();
    const one = await api.partner();
    const two = await api.partner();
    const first = await post(api, one.token, "shared");
    const second = await post(api, two.token, "shared");
    expect(second.headers["idempotent-replayed"]).toBeUndefined();
    expect(second.body).toMatchObject({ partnerId: two.partnerId });
    expect((second.body as { id: string }).id).not.toBe((first.body as { id: string }).id);
  });

  it("creates one entry for concurrent requests with one key, replaying it to the others", async () => {
    const api = createInProcessApi();
    const { token, partnerId } = await api.partner();
    const responses = await Promise.all(Array.from({ length: 8 }, () => post(api, token, "burst")));
    expect(responses.map(({ status }) => status)).toEqual(Array(8).fill(201));
    expect(new Set(responses.map(({ text }) => text)).size).toBe(1);
    expect(responses.filter(({ headers }) => headers["idempotent-replayed"] === "true")).toHaveLength(7);
    expect(await api.entries.listEntries(partnerId, 10, null)).toHaveLength(1);
  });

  it.each([
    ["an empty key", ""],
    ["a key with a space", "order 1"],
    ["a key over 255 characters", "k".repeat(256)],
    ["a non-ASCII key", "bestellung-ä"],
  ])("answers 400 for %s and creates nothing", async (_name, key) => {
    const api = createInProcessApi();
    const { token, partnerId } = await api.partner();
    const response = await post(api, token, key);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      detail: "The Idempotency-Key header is invalid.",
      errors: [{ field: "Idempotency-Key", message: "must be 1-255 visible ASCII characters" }],
    });
    expect(await api.entries.listEntries(partnerId, 10, null)).toEqual([]);
  });

  it("accepts a key of exactly 255 visible characters, slashes included", async () => {
    const api = createInProcessApi();
    const { token } = await api.partner();
    expect((await post(api, token, `a/${"~".repeat(253)}`)).status).toBe(201);
  });

  it("does not replay a request that failed validation: the key stays free", async () => {
    const api = createInProcessApi();
    const { token } = await api.partner();
    expect((await post(api, token, "k", { ...input, amountMinor: -1 })).status).toBe(400);
    const retried = await post(api, token, "k");
    expect(retried.status).toBe(201);
    expect(retried.headers["idempotent-replayed"]).toBeUndefined();
  });
});
