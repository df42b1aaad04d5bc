import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { idToken, OPEN_RULES, patternBytes, startTestBed, type TestBed } from "./support/sdk.js";

// The wire protocol where the SDK gives no handle on it: ranges, resumable sessions, bounds, errors.
describe("storage emulator over raw HTTP", () => {
  let bed: TestBed;
  const objectUrl = (name: string, query = "") =>
    `${bed.origin}/v0/b/b1/o/${encodeURIComponent(name)}${query}`;
  const owner = { authorization: "Firebase owner" };
  const put = (name: string, body: Uint8Array, contentType = "application/octet-stream") =>
    fetch(`${bed.origin}/v0/b/b1/o?name=${encodeURIComponent(name)}`, {
      method: "POST",
      headers: { ...owner, "content-type": contentType },
      body,
    });
  const startResumable = async (name: string, size: number) => {
    const response = await fetch(`${bed.origin}/v0/b/b1/o?name=${encodeURIComponent(name)}`, {
      method: "POST",
      headers: {
        ...owner,
        "x-goog-upload-protocol": "resumable",
        "x-goog-upload-command": "start",
        "x-goog-upload-header-content-length": String(size),
        "x-goog-upload-header-content-type": "text/csv",
        "content-type": "application/json",
      },
      body: JSON.stringify({ name }),
    });
    expect(response.status).toBe(200);
    return response.headers.get("x-goog-upload-url") as string;
  };
  const chunk = (url: string, command: string, offset: number, body?: Uint8Array) =>
    fetch(url, {
      method: "POST",
      headers: { ...owner, "x-goog-upload-command": command, "x-goog-upload-offset": String(offset) },
      ...(body ? { body } : {}),
    });

  beforeAll(async () => {
    bed = await startTestBed({ rules: OPEN_RULES, maxBytes: 64 * 1024 });
  });
  afterAll(() => bed.close());
  beforeEach(() => bed.emulator.reset());

  it("answers a Range request with 206 and Content-Range, a suffix range with the last bytes", async () => {
    expect((await put("r.bin", patternBytes(100))).status).toBe(200);
    const middle = await fetch(objectUrl("r.bin", "?alt=media"), {
      headers: { ...owner, range: "bytes=10-19" },
    });
    expect(middle.status).toBe(206);
    expect(middle.headers.get("content-range")).toBe("bytes 10-19/100");
    expect(new Uint8Array(await middle.arrayBuffer())).toEqual(patternBytes(100).subarray(10, 20));
    const tail = await fetch(objectUrl("r.bin", "?alt=media"), { headers: { ...owner, range: "bytes=-5" } });
    expect(tail.status).toBe(206);
    expect(new Uint8Array(await tail.arrayBuffer())).toEqual(patternBytes(100).subarray(95));
  });

  it("answers 416 with Content-Range */size to a range past the end", async () => {
    await put("r.bin", patternBytes(100));
    const response = await fetch(objectUrl("r.bin", "?alt=media"), {
      headers: { ...owner, range: "bytes=100-" },
    });
    expect(response.status).toBe(416);
    expect(response.headers.get("content-range")).toBe("bytes */100");
  });

  it("reports the bytes a resumable upload has received, and refuses a chunk at the wrong offset", async () => {
    const url = await startResumable("c.csv", 30);
    expect((await chunk(url, "upload", 0, patternBytes(10))).status).toBe(200);
    const wrong = await chunk(url, "upload", 5, patternBytes(10));
    expect(wrong.status).toBe(400);
    const query = await chunk(url, "query", 0);
    expect(query.headers.get("x-goog-upload-status")).toBe("active");
    expect(query.headers.get("x-goog-upload-size-received")).toBe("10");
    const last = await chunk(url, "upload, finalize", 10, patternBytes(30).subarray(10));
    expect(last.status).toBe(200);
    expect(last.headers.get("x-goog-upload-status")).toBe("final");
    expect(await last.json()).toMatchObject({ name: "c.csv", size: "30", contentType: "text/csv" });
    // A finished session is remembered, as on the service.
    const after = await chunk(url, "query", 0);
    expect(after.status).toBe(200);
    expect(after.headers.get("x-goog-upload-status")).toBe("final");
  });

  it("refuses to finalize a resumable upload shorter than announced, and stores nothing", async () => {
    const url = await startResumable("short.csv", 30);
    const response = await chunk(url, "upload, finalize", 0, patternBytes(10));
    expect(response.status).toBe(400);
    expect((await fetch(objectUrl("short.csv"), { headers: owner })).status).toBe(404);
  });

  it("drops a cancelled resumable upload: finalizing it afterwards is 400 and stores nothing", async () => {
    const url = await startResumable("gone.csv", 30);
    await chunk(url, "upload", 0, patternBytes(10));
    expect((await chunk(url, "cancel", 0)).status).toBe(200);
    expect((await chunk(url, "upload, finalize", 10, patternBytes(20))).status).toBe(400);
    expect((await chunk(url, "finalize", 10)).status).toBe(400);
    expect((await fetch(objectUrl("gone.csv"), { headers: owner })).status).toBe(404);
  });

  it("answers 402 (quota exceeded) past its memory bound, keeping what it stored before", async () => {
    expect((await put("fits.bin", patternBytes(40 * 1024))).status).toBe(200);
    const over = await put("over.bin", patternBytes(40 * 1024));
    expect(over.status).toBe(402);
    expect(await over.json()).toMatchObject({ error: { code: 402 } });
    expect((await fetch(objectUrl("over.bin"), { headers: owner })).status).toBe(404);
    expect((await fetch(objectUrl("fits.bin"), { headers: owner })).status).toBe(200);
  });

  it("answers 400 to a malformed page token or maxResults, and to a multipart body without boundary", async () => {
    const listUrl = `${bed.origin}/v0/b/b1/o?prefix=`;
    expect((await fetch(`${listUrl}&pageToken=%25%25`, { headers: owner })).status).toBe(400);
    expect((await fetch(`${listUrl}&maxResults=0`, { headers: owner })).status).toBe(400);
    const multipart = await fetch(`${bed.origin}/v0/b/b1/o?name=m.bin`, {
      method: "POST",
      headers: { ...owner, "x-goog-upload-protocol": "multipart", "content-type": "multipart/related" },
      body: "x",
    });
    expect(multipart.status).toBe(400);
    expect((await fetch(objectUrl("m.bin"), { headers: owner })).status).toBe(404);
  });

  it("answers 403 to an Authorization header that is not a Firebase token (as the service), and to a user the rules refuse", async () => {
    const garbled = await fetch(objectUrl("x"), { headers: { authorization: "Bearer not-a-jwt" } });
    expect(garbled.status).toBe(403);
    bed.emulator.loadRules(
      "rules_version = '2'; service firebase.storage { match /b/{b}/o/{p=**} { allow read: if false; } }",
    );
    const denied = await fetch(objectUrl("x"), {
      headers: { authorization: `Firebase ${idToken({ sub: "u" })}` },
    });
    expect(denied.status).toBe(403);
    expect(await denied.json()).toMatchObject({ error: { code: 403 } });
    bed.emulator.loadRules(OPEN_RULES);
  });

  it("judges a caller as the Firestore emulator does: a Google access token is admin, a token that is no Firebase ID token is 403", async () => {
    bed.emulator.loadRules(
      "rules_version = '2'; service firebase.storage { match /b/{b}/o/{p=**} { allow read, write: if false; } }",
    );
    const asGoogle = await fetch(`${bed.origin}/v0/b/b1/o?name=g.bin`, {
      method: "POST",
      headers: { authorization: "Bearer ya29.a0-access-token" },
      body: "x",
    });
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const foreign = await fetch(objectUrl("g.bin"), {
      headers: {
        authorization: `Bearer ${part({ alg: "none" })}.${part({ iss: "https://example.com", sub: "u" })}.`,
      },
    });
    bed.emulator.loadRules(OPEN_RULES);
    expect(asGoogle.status).toBe(200);
    expect(foreign.status).toBe(403);
  });

  it("answers 404 to an unknown path and 405 with Allow to an unsupported method", async () => {
    expect((await fetch(`${bed.origin}/v1/nothing`)).status).toBe(404);
    const response = await fetch(objectUrl("x"), { method: "PROPFIND", headers: owner });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, POST, PUT, PATCH, DELETE");
  });

  it("empties itself on POST /internal/reset", async () => {
    await put("a.bin", patternBytes(1));
    expect((await fetch(`${bed.origin}/internal/reset`, { method: "POST" })).status).toBe(200);
    expect((await fetch(objectUrl("a.bin"), { headers: owner })).status).toBe(404);
  });
});
