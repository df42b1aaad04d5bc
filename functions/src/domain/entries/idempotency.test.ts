import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { idempotencyKeyHash, requestFingerprint } from "./idempotency.js";

describe("requestFingerprint", () => {
  it("ignores key order at every depth", () => {
    expect(requestFingerprint({ a: 1, b: { c: [1, { d: 2, e: 3 }] } })).toBe(
      requestFingerprint({ b: { c: [1, { e: 3, d: 2 }] }, a: 1 }),
    );
  });

  it("is the SHA-256 of the body's JSON with keys sorted, the form stored idempotency records hold", () => {
    const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
    expect(requestFingerprint({ b: [1, "x", null, true], a: { d: 1.5, c: {}, é: [] } })).toBe(
      sha256('{"a":{"c":{},"d":1.5,"é":[]},"b":[1,"x",null,true]}'),
    );
    expect(requestFingerprint([undefined])).toBe(sha256("[null]"));
  });

  it("tells different bodies apart, including array order and types", () => {
    expect(requestFingerprint({ a: [1, 2] })).not.toBe(requestFingerprint({ a: [2, 1] }));
    expect(requestFingerprint({ a: 1 })).not.toBe(requestFingerprint({ a: "1" }));
  });
});

describe("idempotencyKeyHash", () => {
  it("turns any key, slashes included, into a valid document id", () => {
    expect(idempotencyKeyHash("order/1")).toMatch(/^[0-9a-f]{64}$/);
    expect(idempotencyKeyHash("order/1")).not.toBe(idempotencyKeyHash("order/2"));
  });
});
