import { Storage } from "@google-cloud/storage";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { patternBytes, startTestBed, type TestBed } from "./support/sdk.js";

// The Cloud Storage JSON API, over raw HTTP where the wire shape is the point and through
// @google-cloud/storage (what firebase-admin's getStorage() wraps) where the client is.
describe("storage emulator: the GCS JSON API", () => {
  let bed: TestBed;
  const BUCKET = "gcs-bucket";
  const media = (name: string, body: string | Uint8Array, contentType = "text/plain") =>
    fetch(`${bed.origin}/upload/storage/v1/b/${BUCKET}/o?uploadType=media&name=${encodeURIComponent(name)}`, {
      method: "POST",
      headers: { "content-type": contentType },
      body,
    });
  const resource = (name: string, path = "/storage/v1") =>
    fetch(`${bed.origin}${path}/b/${BUCKET}/o/${encodeURIComponent(name)}`);

  // Rules that refuse everything: the GCS API is admin access (Google's clients send no credential
  // to an emulator), so none of these requests is judged by them.
  beforeAll(async () => {
    bed = await startTestBed({
      rules:
        "rules_version = '2'; service firebase.storage { match /b/{b}/o/{p=**} { allow read, write: if false; } }",
    });
  });
  afterAll(() => bed.close());
  beforeEach(() => bed.emulator.reset());

  it("answers a media upload with the object resource: string numbers, links, and only the fields that are set", async () => {
    const upload = await media("dir/a file.txt", "hello world");
    expect(upload.status).toBe(200);
    const body = (await upload.json()) as Record<string, unknown>;
    const generation = body.generation as string;
    expect(Object.keys(body).sort()).toEqual(
      [
        "kind",
        "id",
        "selfLink",
        "mediaLink",
        "name",
        "bucket",
        "generation",
        "metageneration",
        "contentType",
        "storageClass",
        "size",
        "md5Hash",
        "crc32c",
        "etag",
        "timeCreated",
        "updated",
        "timeStorageClassUpdated",
      ].sort(),
    );
    expect(body).toMatchObject({
      kind: "storage#object",
      id: `${BUCKET}/dir/a file.txt/${generation}`,
      selfLink: `${bed.origin}/storage/v1/b/${BUCKET}/o/dir%2Fa%20file.txt`,
      mediaLink: `${bed.origin}/download/storage/v1/b/${BUCKET}/o/dir%2Fa%20file.txt?generation=${generation}&alt=media`,
      metageneration: "1",
      size: "11",
      contentType: "text/plain",
    });
    // The same resource under /b, /storage/v1/b and /download/storage/v1/b.
    for (const path of ["", "/storage/v1", "/download/storage/v1"]) {
      expect(await (await resource("dir/a file.txt", path)).json()).toEqual(body);
    }
    const bytes = await fetch(body.mediaLink as string);
    expect(await bytes.text()).toBe("hello world");
  });

  it("takes multipart uploads by uploadType or X-Goog-Upload-Protocol, the name from the metadata, and refuses another content type with 400 Bad content type.", async () => {
    const boundary = "b0undary";
    const body = `--${boundary}\r\ncontent-type: application/json\r\n\r\n{"name":"m/one.txt","metadata":{"n":1}}\r\n--${boundary}\r\ncontent-type: text/csv\r\n\r\na,b\r\n--${boundary}--\r\n`;
    const viaHeader = await fetch(`${bed.origin}/upload/storage/v1/b/${BUCKET}/o`, {
      method: "POST",
      headers: {
        "content-type": `multipart/related; boundary=${boundary}`,
        "x-goog-upload-protocol": "multipart",
      },
      body,
    });
    expect(viaHeader.status).toBe(200);
    expect(await viaHeader.json()).toMatchObject({
      name: "m/one.txt",
      contentType: "text/csv",
      size: "3",
      metadata: { n: "1" },
    });
    const wrongType = await fetch(
      `${bed.origin}/upload/storage/v1/b/${BUCKET}/o?uploadType=multipart&name=m/two.txt`,
      {
        method: "POST",
        headers: { "content-type": "foo" },
        body,
      },
    );
    expect(wrongType.status).toBe(400);
    expect(await wrongType.text()).toContain("Bad content type.");
    expect((await resource("m/two.txt")).status).toBe(404);
  });

  it("runs a resumable session: Location, 308 with Range for chunks of unknown total, 200 with the resource when the total arrives", async () => {
    const start = await fetch(`${bed.origin}/upload/storage/v1/b/${BUCKET}/o?uploadType=resumable`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-upload-content-type": "image/png" },
      body: JSON.stringify({ name: "r/big.png", cacheControl: "no-cache" }),
    });
    expect(start.status).toBe(200);
    const location = start.headers.get("location") as string;
    expect(location).toMatch(new RegExp(`^${bed.origin}/upload/storage/v1/b/${BUCKET}/o\\?.*upload_id=`));
    const data = patternBytes(300);
    const first = await fetch(location, {
      method: "PUT",
      headers: { "content-range": "bytes 0-99/*" },
      body: data.subarray(0, 100),
    });
    expect(first.status).toBe(308);
    expect(first.headers.get("range")).toBe("bytes=0-99");
    const status = await fetch(location, { method: "PUT", headers: { "content-range": "bytes */*" } });
    expect(status.status).toBe(308);
    expect((await resource("r/big.png")).status).toBe(404);
    const last = await fetch(location, {
      method: "PUT",
      headers: { "content-range": "bytes 100-299/300" },
      body: data.subarray(100),
    });
    expect(last.status).toBe(200);
    expect(await last.json()).toMatchObject({
      name: "r/big.png",
      size: "300",
      contentType: "image/png",
      cacheControl: "no-cache",
    });
    const again = await fetch(location, { method: "PUT" });
    expect(again.status).toBe(200);
    const stored = await fetch(`${bed.origin}/b/${BUCKET}/o/r%2Fbig.png?alt=media`);
    expect(new Uint8Array(await stored.arrayBuffer())).toEqual(data);
  });

  it("answers a missing object with 404 No such object: bucket/name and reason notFound (plain text for media)", async () => {
    const missing = await resource("nope/x");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: {
        code: 404,
        message: `No such object: ${BUCKET}/nope/x`,
        errors: [{ message: `No such object: ${BUCKET}/nope/x`, domain: "global", reason: "notFound" }],
      },
    });
    const missingMedia = await fetch(`${bed.origin}/download/storage/v1/b/${BUCKET}/o/nope%2Fx?alt=media`);
    expect(missingMedia.status).toBe(404);
    expect(await missingMedia.text()).toBe(`No such object: ${BUCKET}/nope/x`);
    const deleted = await fetch(`${bed.origin}/storage/v1/b/${BUCKET}/o/nope%2Fx`, { method: "DELETE" });
    expect(deleted.status).toBe(404);
  });

  it("copies with copyTo and rewriteTo (to another bucket too); given custom metadata replaces the source's; a rewriteToken is 501", async () => {
    await media("src", "copy me");
    await fetch(`${bed.origin}/storage/v1/b/${BUCKET}/o/src`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ metadata: { a: "1", firebaseStorageDownloadTokens: "t1" } }),
    });
    const copied = await fetch(`${bed.origin}/storage/v1/b/${BUCKET}/o/src/copyTo/b/other/o/dst`, {
      method: "POST",
    });
    expect(await copied.json()).toMatchObject({
      bucket: "other",
      name: "dst",
      metageneration: "1",
      metadata: { a: "1", firebaseStorageDownloadTokens: "t1" },
    });
    const rewritten = await fetch(`${bed.origin}/storage/v1/b/${BUCKET}/o/src/rewriteTo/b/${BUCKET}/o/dst2`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ metadata: { b: null }, cacheControl: "private" }),
    });
    expect(await rewritten.json()).toMatchObject({
      kind: "storage#rewriteResponse",
      totalBytesRewritten: "7",
      objectSize: "7",
      done: true,
      resource: { name: "dst2", cacheControl: "private", metadata: { b: "" } },
    });
    expect(await (await fetch(`${bed.origin}/b/other/o/dst?alt=media`)).text()).toBe("copy me");
    const token = await fetch(
      `${bed.origin}/storage/v1/b/${BUCKET}/o/src/rewriteTo/b/${BUCKET}/o/dst3?rewriteToken=x`,
      { method: "POST" },
    );
    expect(token.status).toBe(501);
  });

  it("lists a bucket as storage#objects, folders as prefixes, and lists placeholders and empty segments that the Firebase API hides", async () => {
    for (const name of ["p/1", "p/2", "p/", "p//x", "q"]) await media(name, "x");
    const all = (await (await fetch(`${bed.origin}/storage/v1/b/${BUCKET}/o`)).json()) as {
      kind: string;
      items: { name: string }[];
    };
    expect(all.kind).toBe("storage#objects");
    expect(all.items.map((item) => item.name)).toEqual(["p/", "p//x", "p/1", "p/2", "q"]);
    const level = (await (
      await fetch(`${bed.origin}/b/${BUCKET}/o?prefix=p/&delimiter=/&maxResults=2`)
    ).json()) as Record<string, unknown>;
    expect(level).toMatchObject({ prefixes: ["p//"], items: [{ name: "p/" }] });
    expect(level.nextPageToken).toEqual(expect.any(String));
  });

  it("stores an HTML form (POST policy) upload with its fields as metadata, and serves it at the public URL", async () => {
    const boundary = "form-b";
    const field = (name: string, value: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    const body = `${field("key", "forms/a.txt")}${field("Cache-Control", "public, max-age=60")}${field("x-goog-meta-color", "blue")}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nformed\r\n--${boundary}--\r\n`;
    const upload = await fetch(`${bed.origin}/${BUCKET}`, {
      method: "POST",
      headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
      body,
    });
    expect(upload.status).toBe(204);
    expect(await (await resource("forms/a.txt")).json()).toMatchObject({
      contentType: "text/plain",
      cacheControl: "public, max-age=60",
      metadata: { color: "blue" },
    });
    expect(await (await fetch(`${bed.origin}/${BUCKET}/forms/a.txt`)).text()).toBe("formed");
    const noKey = await fetch(`${bed.origin}/${BUCKET}`, {
      method: "POST",
      headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
      body: `--${boundary}--\r\n`,
    });
    expect(noKey.status).toBe(400);
  });

  it("serves @google-cloud/storage: save, download, getMetadata, setMetadata (null removes), copy, getFiles, exists, delete", async () => {
    const storage = new Storage({ apiEndpoint: bed.origin, projectId: "demo-storage-emulator" });
    const bucket = storage.bucket(BUCKET);
    const file = bucket.file("sdk/report.txt");
    await file.save("numbers", { contentType: "text/plain", metadata: { metadata: { kind: "report" } } });
    expect((await file.download())[0].toString()).toBe("numbers");
    expect((await file.getMetadata())[0]).toMatchObject({ size: "7", metadata: { kind: "report" } });
    const [changed] = await file.setMetadata({ metadata: { kind: null, flag: true } });
    expect(changed.metadata).toEqual({ flag: "true" });
    await file.copy(bucket.file("sdk/copy.txt"));
    expect((await bucket.getFiles({ prefix: "sdk/" }))[0].map((listed) => listed.name)).toEqual([
      "sdk/copy.txt",
      "sdk/report.txt",
    ]);
    await file.delete();
    expect((await file.exists())[0]).toBe(false);
    await expect(file.getMetadata()).rejects.toMatchObject({
      code: 404,
      message: `No such object: ${BUCKET}/sdk/report.txt`,
    });
  });
});
