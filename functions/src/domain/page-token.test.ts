import { describe, expect, it } from "vitest";
import { ApiError } from "../errors.js";
import {
  decodePageToken,
  decodeVersionPageToken,
  encodePageToken,
  encodeVersionPageToken,
  MAX_PAGE_TOKEN_LENGTH,
  newestFirst,
} from "./page-token.js";
import { MAX_TIMESTAMP_SECONDS, MIN_TIMESTAMP_SECONDS } from "./timestamp-range.js";

const at = (seconds: number, nanoseconds = 0) => ({ seconds, nanoseconds });

function refusal(token: string): ApiError {
  try {
    decodePageToken(token);
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  }
  throw new Error(`expected ${JSON.stringify(token)} to be refused`);
}

/** A token of the issued layout with arbitrary parts, to build what the API would never issue. */
function rawToken(seconds: bigint, nanoseconds: number, id: Uint8Array): string {
  const header = Buffer.alloc(12);
  header.writeBigInt64BE(seconds, 0);
  header.writeUInt32BE(nanoseconds, 8);
  return Buffer.concat([header, id]).toString("base64url");
}

describe("page tokens", () => {
  it.each([
    { createdAt: at(1_795_176_000, 123_456_000), id: "e_abc" },
    { createdAt: at(1_795_176_000, 999_999_999), id: "Qx7bT1kq2mN0pLs9RwZa" },
    { createdAt: at(MIN_TIMESTAMP_SECONDS), id: "entry with spaces, ünïcødé and 💥" },
    { createdAt: at(MAX_TIMESTAMP_SECONDS, 999_999_999), id: "é".repeat(750) },
  ])("round-trip a cursor at full precision with any document id ($id)", (cursor) => {
    const token = encodePageToken(cursor);
    expect(token.length).toBeLessThanOrEqual(MAX_PAGE_TOKEN_LENGTH);
    expect(decodePageToken(token)).toEqual(cursor);
  });

  it("keeps entries of one instant apart by id, and instants a microsecond apart apart", () => {
    const tokens = [
      encodePageToken({ createdAt: at(1_795_176_000, 1_000), id: "a" }),
      encodePageToken({ createdAt: at(1_795_176_000, 2_000), id: "a" }),
      encodePageToken({ createdAt: at(1_795_176_000, 2_000), id: "b" }),
    ];
    expect(new Set(tokens).size).toBe(3);
  });

  it.each([
    ["an empty token", ""],
    ["characters outside base64url", "!!!"],
    ["a token too short to hold a position", Buffer.from("{}").toString("base64url")],
    [
      "the former JSON layout",
      Buffer.from('{"c":"2026-11-20T12:00:00.000Z","i":"e_1"}').toString("base64url"),
    ],
    ["a non-canonical spelling", `${encodePageToken({ createdAt: at(0), id: "e_1" })}!`],
    ["a time before year 1", rawToken(BigInt(MIN_TIMESTAMP_SECONDS - 1), 0, Buffer.from("e_1"))],
    ["a time after year 9999", rawToken(BigInt(MAX_TIMESTAMP_SECONDS + 1), 0, Buffer.from("e_1"))],
    ["the largest 64-bit time", rawToken(2n ** 63n - 1n, 0, Buffer.from("e_1"))],
    ["a billion nanoseconds", rawToken(0n, 1e9, Buffer.from("e_1"))],
    ["an id with a slash", rawToken(0n, 0, Buffer.from("a/b"))],
    ["the id ..", rawToken(0n, 0, Buffer.from(".."))],
    ["a reserved id", rawToken(0n, 0, Buffer.from("__name__"))],
    ["an id that is not UTF-8", rawToken(0n, 0, Uint8Array.of(0xc3, 0x28))],
    ["an id over 1500 bytes", rawToken(0n, 0, Buffer.from("x".repeat(1501)))],
    ["a position with no id", rawToken(0n, 0, new Uint8Array())],
  ])("answers 400 naming pageToken for %s", (_, token) => {
    const error = refusal(token);
    expect(error.status).toBe(400);
    expect(error.detail).toBe("The pageToken is not one this API issued.");
    expect(error.errors).toEqual([
      { field: "pageToken", message: "is malformed; pass nextPageToken back unchanged" },
    ]);
  });
});

describe("newestFirst", () => {
  it("orders by time at full precision, newest first, then by id as UTF-8 bytes, highest first", () => {
    const cursors = [
      { createdAt: at(1, 5), id: "a" },
      { createdAt: at(1, 7), id: "a" },
      { createdAt: at(0, 999_999_999), id: "z" },
      { createdAt: at(2, 0), id: "a" },
      { createdAt: at(1, 7), id: "b" },
      { createdAt: at(1, 7), id: "é" },
    ];
    expect([...cursors].sort(newestFirst)).toEqual([
      { createdAt: at(2, 0), id: "a" },
      { createdAt: at(1, 7), id: "é" },
      { createdAt: at(1, 7), id: "b" },
      { createdAt: at(1, 7), id: "a" },
      { createdAt: at(1, 5), id: "a" },
      { createdAt: at(0, 999_999_999), id: "z" },
    ]);
  });
});

describe("history page tokens", () => {
  it.each([1, 2, 99, 999_999_999_999_999])("round-trips version %i", (version) => {
    expect(decodeVersionPageToken(encodeVersionPageToken(version))).toBe(version);
  });

  it.each([
    ["an entries page token", encodePageToken({ createdAt: at(1_795_176_000), id: "e_abc" })],
    ["version 0", Buffer.from("v0").toString("base64url")],
    ["a leading zero", Buffer.from("v01").toString("base64url")],
    ["sixteen digits", Buffer.from(`v${"9".repeat(16)}`).toString("base64url")],
    ["no version", Buffer.from("v").toString("base64url")],
    ["text after the version", Buffer.from("v1x").toString("base64url")],
    ["text before the version", Buffer.from("xv1").toString("base64url")],
    ["a non-canonical encoding", `${encodeVersionPageToken(7)}=`],
    ["an empty token", ""],
  ])("refuses %s with a 400 naming pageToken", (_name, token) => {
    let refused: unknown;
    try {
      decodeVersionPageToken(token);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).status).toBe(400);
    expect((refused as ApiError).detail).toBe("The pageToken is not one this API issued for this history.");
    expect((refused as ApiError).errors).toEqual([
      { field: "pageToken", message: "is malformed; pass nextPageToken back unchanged" },
    ]);
  });
});
