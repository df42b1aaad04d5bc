import { describe, expect, it } from "vitest";
import { ANONYMOUS, callerFromAuthorization, InvalidCredential, PRIVILEGED } from "../src/index.js";

const jwt = (payload: object) =>
  `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.`;

describe("callerFromAuthorization: one reading of credentials for both emulators", () => {
  it("reads no header as anonymous", () => {
    expect(callerFromAuthorization(undefined)).toBe(ANONYMOUS);
    expect(callerFromAuthorization("  ")).toBe(ANONYMOUS);
  });

  it("privileges the admin SDKs' credentials under either scheme: owner, Google access tokens, service-account JWTs", () => {
    for (const header of [
      "Bearer owner",
      "Firebase owner",
      "Bearer ya29.a0AfH6SM",
      `Bearer ${jwt({ iss: "sa@demo.iam.gserviceaccount.com", sub: "sa" })}`,
    ]) {
      expect(callerFromAuthorization(header), header).toBe(PRIVILEGED);
    }
  });

  it("reads a Firebase ID token as its user, the uid from user_id or sub", () => {
    const token = jwt({ iss: "https://securetoken.google.com/demo", sub: "alice", role: "partner" });
    expect(callerFromAuthorization(`Firebase ${token}`)).toEqual({
      kind: "user",
      auth: {
        uid: "alice",
        token: { iss: "https://securetoken.google.com/demo", sub: "alice", role: "partner" },
      },
    });
    expect(callerFromAuthorization(`Bearer ${jwt({ user_id: "bob" })}`)).toMatchObject({
      auth: { uid: "bob" },
    });
  });

  it("refuses anything else with InvalidCredential naming why, never as anonymous", () => {
    const refusals: [string, string][] = [
      ["Bearer something-else", "not a JWT."],
      ["Bearer a.%%%.c", "the payload is not base64url-encoded JSON."],
      [`Bearer ${jwt({ iss: "https://example.com", sub: "x" })}`, "not a Firebase ID token."],
      [`Bearer ${jwt({ user_id: "" })}`, "an ID token needs user_id or sub."],
    ];
    for (const [header, reason] of refusals) {
      expect(() => callerFromAuthorization(header), header).toThrow(InvalidCredential);
      expect(() => callerFromAuthorization(header)).toThrow(`Invalid authorization token: ${reason}`);
    }
  });
});
