import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import {
  newSigningSecret,
  ROTATION_OVERLAP_MS,
  rotatedSecrets,
  signatureHeaders,
} from "./webhook-signature.js";

const now = new Date("2026-11-30T09:00:00.000Z");
const body = JSON.stringify({ id: "evt_1", type: "ping", createdAt: now.toISOString(), data: {} });

/** Verifies as a partner would, with the specification's library; throws on a bad signature. */
function verify(secret: string, headers: Record<string, string>, at: Date = now) {
  const realNow = Date.now;
  Date.now = () => at.getTime();
  try {
    return new Webhook(secret).verify(body, headers);
  } finally {
    Date.now = realNow;
  }
}

describe("newSigningSecret", () => {
  it("is whsec_ and the base64 of 32 random bytes, new every time", () => {
    const secret = newSigningSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), "base64")).toHaveLength(32);
    expect(newSigningSecret()).not.toBe(secret);
  });
});

describe("signatureHeaders", () => {
  it("signs id, timestamp and body so that a Standard Webhooks verifier accepts them", () => {
    const secret = newSigningSecret();
    const headers = signatureHeaders("evt_1", body, [{ secret, expiresAt: null }], now);
    expect(headers["webhook-id"]).toBe("evt_1");
    expect(headers["webhook-timestamp"]).toBe(String(now.getTime() / 1000));
    expect(headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(verify(secret, headers)).toEqual(JSON.parse(body));
  });

  it("is refused by a verifier holding another secret, or given another body", () => {
    const headers = signatureHeaders("evt_1", body, [{ secret: newSigningSecret(), expiresAt: null }], now);
    expect(() => verify(newSigningSecret(), headers)).toThrow();
    const secret = newSigningSecret();
    const signed = signatureHeaders("evt_1", `${body} `, [{ secret, expiresAt: null }], now);
    expect(() => verify(secret, signed)).toThrow();
  });
});

describe("rotatedSecrets", () => {
  it("signs with the new and the previous secret for 24 hours, then with the new one only", () => {
    const old = newSigningSecret();
    const fresh = newSigningSecret();
    const secrets = rotatedSecrets([{ secret: old, expiresAt: null }], fresh, now);
    expect(secrets).toEqual([
      { secret: fresh, expiresAt: null },
      { secret: old, expiresAt: new Date(now.getTime() + ROTATION_OVERLAP_MS).toISOString() },
    ]);
    const during = new Date(now.getTime() + ROTATION_OVERLAP_MS - 1000);
    const both = signatureHeaders("evt_1", body, secrets, during);
    expect(both["webhook-signature"]?.split(" ")).toHaveLength(2);
    expect(verify(old, both, during)).toBeTruthy();
    expect(verify(fresh, both, during)).toBeTruthy();
    const after = new Date(now.getTime() + ROTATION_OVERLAP_MS);
    const one = signatureHeaders("evt_1", body, secrets, after);
    expect(one["webhook-signature"]?.split(" ")).toHaveLength(1);
    expect(() => verify(old, one, after)).toThrow();
    expect(verify(fresh, one, after)).toBeTruthy();
  });

  it("keeps at most the one previous secret however often it rotates", () => {
    const first = newSigningSecret();
    const second = newSigningSecret();
    const third = newSigningSecret();
    const once = rotatedSecrets([{ secret: first, expiresAt: null }], second, now);
    const twice = rotatedSecrets(once, third, now);
    expect(twice.map(({ secret }) => secret)).toEqual([third, second]);
  });

  it("keeps the current secret as the previous one wherever it is listed, and none that already expire", () => {
    const [expiring, current, fresh] = [newSigningSecret(), newSigningSecret(), newSigningSecret()];
    const previous = { secret: expiring, expiresAt: "2026-11-30T10:00:00.000Z" };
    const listed = [previous, { secret: current, expiresAt: null }];
    const overlapEnds = new Date(now.getTime() + ROTATION_OVERLAP_MS).toISOString();
    expect(rotatedSecrets(listed, fresh, now)).toEqual([
      { secret: fresh, expiresAt: null },
      { secret: current, expiresAt: overlapEnds },
    ]);
    expect(rotatedSecrets([previous], fresh, now)).toEqual([{ secret: fresh, expiresAt: null }]);
  });
});
