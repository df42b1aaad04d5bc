import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_CUSTOM_METADATA_BYTES } from "../src/store/object-metadata.js";
import { MAX_SESSIONS } from "../src/store/resumable-uploads.js";
import { idToken, OPEN_RULES, startTestBed, type TestBed } from "./support/sdk.js";

// The REST surface (both APIs, uploads, sessions, downloads) under generated hostile requests, against
// the service's documented limits (https://cloud.google.com/storage/docs/objects#naming, .../metadata,
// .../quotas): object names of 1 to 1024 bytes of UTF-8 without CR or LF, custom metadata of at most
// 8 KiB, uploads within the emulator's memory bound. Every answer is a clean 4xx or a success, never a
// 5xx or a dropped connection, and memory stays within the bound.

const RUNS = 400;
const MAX_BYTES = 256 * 1024;
const BUCKET = "fuzz-bucket";

const hostileNames = fc.constantFrom(
  "a.txt",
  "dir/sub/file",
  "a//b",
  "trail/",
  ".",
  "..",
  "x".repeat(1024),
  "x".repeat(1025),
  "é".repeat(512),
  "é".repeat(513),
  "cr\rlf",
  "line\nfeed",
  "nul\u0000byte",
  "\ud800lone",
  "__x__",
  "%2F",
  "emoji 😀/ü",
);
// Path segments as a client could send them, percent-encoding included (and broken).
const encodedName = fc.oneof(
  hostileNames.map((name) => encodeURIComponent(name.replace(/\ud800/g, "\u0100"))),
  fc.constantFrom("%ED%A0%80", "%", "%zz", "%00", "a%2Fb", "..%2F..", "%C0%AF"),
);
const authorization = fc.constantFrom(
  undefined,
  "Bearer owner",
  "Firebase owner",
  "Bearer not-a-jwt",
  "Basic dXNlcjpwYXNz",
  `Firebase ${idToken({ sub: "fuzzer" })}`,
  "Firebase a.bm90IGpzb24.c",
  "Bearer",
);
const metadataBody = fc.oneof(
  fc.constant("{}"),
  fc.constant("not json"),
  fc.constant("[]"),
  fc.constant("null"),
  fc.constant(JSON.stringify({ metadata: { k: "v".repeat(MAX_CUSTOM_METADATA_BYTES) } })),
  fc.constant(JSON.stringify({ metadata: { nested: { a: 1 } } })),
  fc.constant(JSON.stringify({ contentType: 9000 })),
  fc.constant(JSON.stringify({ name: "\ud800" })),
  fc
    .record({
      name: hostileNames,
      contentType: fc.string(),
      metadata: fc.dictionary(fc.string(), fc.string()),
    })
    .map((value) => JSON.stringify(value)),
);
const body = fc.oneof(
  metadataBody,
  fc.uint8Array({ maxLength: 2048 }),
  fc.integer({ min: MAX_BYTES - 1024, max: MAX_BYTES * 2 }).map((size) => new Uint8Array(size)),
  fc.constant(`--b\r\ncontent-type: application/json\r\n\r\n{"name":"m"}\r\n--b\r\n\r\ndata\r\n--b--\r\n`),
  fc.constant(`--b\r\nContent-Disposition: form-data; name="key"\r\n\r\nk\r\n--b--\r\n`),
);

const requestArbitrary = fc.record({
  method: fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE"),
  path: fc.oneof(
    fc.constant(`/v0/b/${BUCKET}/o`),
    fc.constant(`/v0/b/${BUCKET}/o/`),
    encodedName.map((name) => `/v0/b/${BUCKET}/o/${name}`),
    fc.constant(`/upload/storage/v1/b/${BUCKET}/o`),
    encodedName.map((name) => `/storage/v1/b/${BUCKET}/o/${name}`),
    encodedName.map((name) => `/b/${BUCKET}/o/${name}/rewriteTo/b/other/o/${name}`),
    encodedName.map((name) => `/${BUCKET}/${name}`),
    fc.constant(`/${BUCKET}`),
    fc.constant("/"),
    fc.constant("/internal/nothing"),
  ),
  query: fc.subarray([
    "name=n%0Aline",
    `name=${"y".repeat(1100)}`,
    "name=ok.txt",
    "uploadType=media",
    "uploadType=multipart",
    "uploadType=resumable",
    "uploadType=weird",
    "alt=media",
    "create_token=true",
    "create_token=maybe",
    "delete_token=x",
    "upload_id=unknown",
    "maxResults=0",
    "maxResults=100000",
    "pageToken=%25%25",
    "prefix=a/",
    "delimiter=/",
    "rewriteToken=t",
  ]),
  authorization,
  headers: fc.record(
    {
      "content-type": fc.constantFrom(
        "application/json",
        "multipart/related; boundary=b",
        "multipart/related",
        "multipart/form-data; boundary=b",
        "text/plain",
        "foo",
      ),
      "x-goog-upload-protocol": fc.constantFrom("resumable", "multipart", "raw", ""),
      "x-goog-upload-command": fc.constantFrom(
        "start",
        "upload",
        "finalize",
        "upload, finalize",
        "query",
        "cancel",
        "bogus",
      ),
      "x-goog-upload-offset": fc.constantFrom("0", "-1", "x", "99999999999999999999"),
      "x-goog-upload-header-content-length": fc.constantFrom("10", "-5", "1e3"),
      "content-range": fc.constantFrom("bytes 0-9/*", "bytes */*", "bytes */10", "bytes 5-1/3", "garbage"),
      "x-http-method-override": fc.constantFrom("PATCH", "DELETE"),
      range: fc.constantFrom("bytes=0-0", "bytes=-1", "bytes=99999999-", "bytes=5-1", "bytes=a-b"),
      "accept-encoding": fc.constantFrom("gzip", "identity", "gzip;q=0"),
    },
    { requiredKeys: [] },
  ),
  body,
});

describe("storage emulator under generated hostile requests", () => {
  let bed: TestBed;
  beforeAll(async () => {
    bed = await startTestBed({ rules: OPEN_RULES, maxBytes: MAX_BYTES });
  });
  afterAll(() => bed.close());

  it(`answers ${RUNS} generated requests with a success or a clean 4xx, never a 5xx, within its memory bound`, async () => {
    // Live sessions too, so that upload URLs are fuzzed with real ids.
    const session = await fetch(`${bed.origin}/v0/b/${BUCKET}/o?name=s`, {
      method: "POST",
      headers: {
        authorization: "Bearer owner",
        "x-goog-upload-protocol": "resumable",
        "x-goog-upload-command": "start",
      },
    });
    const uploadUrl = new URL(session.headers.get("x-goog-upload-url") as string);
    await fc.assert(
      fc.asyncProperty(requestArbitrary, fc.boolean(), async (request, useSession) => {
        const query = useSession ? uploadUrl.search.slice(1) : request.query.join("&");
        const path = useSession ? uploadUrl.pathname : request.path;
        const headers: Record<string, string> = { ...request.headers };
        if (request.authorization !== undefined) headers.authorization = request.authorization;
        const withBody = request.method !== "GET";
        const response = await fetch(`${bed.origin}${path}${query ? `?${query}` : ""}`, {
          method: request.method,
          headers,
          ...(withBody ? { body: request.body } : {}),
        });
        await response.arrayBuffer();
        // 501 is the one deliberate 5xx: a multi-request rewrite (rewriteToken) is not implemented.
        const notImplemented = response.status === 501 && query.includes("rewriteToken");
        expect(
          notImplemented || response.status < 500,
          `${request.method} ${path}?${query}: ${response.status}`,
        ).toBe(true);
        const usage = bed.emulator.usage();
        expect(usage.bytes).toBeLessThanOrEqual(MAX_BYTES);
        expect(usage.sessions).toBeLessThanOrEqual(MAX_SESSIONS);
      }),
      { numRuns: RUNS },
    );
    expect(await (await fetch(`${bed.origin}/`)).text()).toBe("Ok");
  });

  it("holds the documented limits exactly: 1024-byte names, no CR or LF, 8 KiB of custom metadata, the memory bound", async () => {
    const upload = (name: string, data: Uint8Array | string = "x", metadata?: Record<string, string>) =>
      fetch(`${bed.origin}/upload/storage/v1/b/${BUCKET}/o?uploadType=multipart`, {
        method: "POST",
        headers: { "content-type": "multipart/related; boundary=b" },
        body: Buffer.concat([
          Buffer.from(
            `--b\r\ncontent-type: application/json\r\n\r\n${JSON.stringify({ name, metadata })}\r\n--b\r\n\r\n`,
          ),
          Buffer.from(data),
          Buffer.from("\r\n--b--\r\n"),
        ]),
      });
    bed.emulator.reset();
    expect((await upload("é".repeat(512))).status).toBe(200);
    expect((await upload("é".repeat(512) + "x")).status).toBe(400);
    expect((await upload("a\rb")).status).toBe(400);
    expect((await upload("a\nb")).status).toBe(400);
    expect((await upload("m", "x", { k: "v".repeat(MAX_CUSTOM_METADATA_BYTES - 1) })).status).toBe(200);
    expect((await upload("m2", "x", { k: "v".repeat(MAX_CUSTOM_METADATA_BYTES) })).status).toBe(400);
    const tooBig = await upload("big", new Uint8Array(MAX_BYTES));
    expect(tooBig.status).toBe(402);
    expect((await fetch(`${bed.origin}/storage/v1/b/${BUCKET}/o/big`)).status).toBe(404);
    expect(bed.emulator.usage().bytes).toBeLessThan(MAX_BYTES);
  });
});
