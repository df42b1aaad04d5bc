import { describe, expect, it } from "vitest";
import { ApiError } from "../errors.js";
import { decodePageToken, encodePageToken } from "./page-token.js";

describe("page tokens", () => {
  it("round-trip a cursor", () => {
    const cursor = { createdAt: "2026-11-20T12:00:00.000Z", id: "e_abc" };
    expect(decodePageToken(encodePageToken(cursor))).toEqual(cursor);
  });

  it.each([
    "",
    "!!!",
    Buffer.from("{}").toString("base64url"),
    Buffer.from('{"c":"x","i":"e_1"}').toString("base64url"),
    encodePageToken({ createdAt: "0000-12-31T23:59:59.999Z", id: "e_1" }),
    encodePageToken({ createdAt: "9999-12-31T23:59:59-01:00", id: "e_1" }),
  ])("answers 400 naming pageToken for %j", (token) => {
    try {
      decodePageToken(token);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).errors?.[0]?.field).toBe("pageToken");
    }
  });
});
