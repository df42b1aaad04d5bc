import { gzipSync } from "node:zlib";
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { idToken, startTestBed, type TestBed } from "./support/sdk.js";

const RULES = `rules_version = '2';
service firebase.storage {
  match /b/{bucket}/o {
    match /users/{uid}/{file} {
      allow read, create: if request.auth.uid == uid;
      allow update: if request.auth.uid == uid && request.resource.contentType == 'text/plain';
    }
    match /{all=**} {
      allow list: if true;
    }
  }
}`;

// The /v0 surface beyond what today's SDK calls: the other request shapes the service accepts,
// download tokens, downloads as the service sends them, and listing of names a Firebase path cannot have.
describe("storage emulator: the Firebase API (/v0) as the service serves it", () => {
  let bed: TestBed;
  const BUCKET = "fb-bucket";
  const owner = { authorization: "Bearer owner" };
  const alice = { authorization: `Firebase ${idToken({ sub: "alice" })}` };
  const object = (name: string, query = "") =>
    `${bed.origin}/v0/b/${BUCKET}/o/${encodeURIComponent(name)}${query}`;

  beforeAll(async () => {
    bed = await startTestBed({ rules: RULES });
  });
  afterAll(() => bed.close());
  beforeEach(() => bed.emulator.reset());

  it("uploads with the name in the path, as media and as a resumable start, judged as create", async () => {
    const media = await fetch(object("users/alice/a.txt"), {
      method: "POST",
      headers: { ...alice, "content-type": "text/plain" },
      body: "hi",
    });
    expect(media.status).toBe(200);
    expect(await media.json()).toMatchObject({
      name: "users/alice/a.txt",
      contentType: "text/plain",
      contentDisposition: "inline",
    });
    const refused = await fetch(object("users/bob/a.txt"), { method: "POST", headers: alice, body: "hi" });
    expect(refused.status).toBe(403);
    const start = await fetch(object("users/alice/r.txt"), {
      method: "POST",
      headers: { ...alice, "x-goog-upload-protocol": "resumable", "x-goog-upload-command": "start" },
    });
    expect(start.status).toBe(200);
    const url = start.headers.get("x-goog-upload-url") as string;
    // PUT on the upload URL, as firebase-tools' clients send it.
    const done = await fetch(url, {
      method: "PUT",
      headers: { "x-goog-upload-command": "upload, finalize", "x-goog-upload-offset": "0" },
      body: "resumed",
    });
    expect(done.status).toBe(200);
    expect(done.headers.get("x-goog-upload-status")).toBe("final");
    expect(await (await fetch(object("users/alice/r.txt", "?alt=media"), { headers: alice })).text()).toBe(
      "resumed",
    );
  });

  it("takes PUT with X-HTTP-Method-Override: PATCH as a metadata update, judged as update", async () => {
    await fetch(object("users/alice/m.txt"), {
      method: "POST",
      headers: { ...alice, "content-type": "text/plain" },
      body: "x",
    });
    const patch = (body: object) =>
      fetch(object("users/alice/m.txt"), {
        method: "PUT",
        headers: { ...alice, "x-http-method-override": "PATCH", "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const changed = await patch({ metadata: { note: "kept" } });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ metageneration: "2", metadata: { note: "kept" } });
    expect((await patch({ contentType: "image/png" })).status).toBe(403);
  });

  it("lists the collection with or without a trailing slash", async () => {
    await fetch(object("users/alice/l.txt"), { method: "POST", headers: alice, body: "x" });
    for (const path of [`/v0/b/${BUCKET}/o`, `/v0/b/${BUCKET}/o/`]) {
      const listed = await fetch(`${bed.origin}${path}?prefix=users/alice/&delimiter=/`);
      expect(await listed.json()).toEqual({
        prefixes: [],
        items: [{ name: "users/alice/l.txt", bucket: BUCKET }],
      });
    }
  });

  it("creates and deletes download tokens for the admin only; deleting the last one mints a new one", async () => {
    await fetch(object("users/alice/t.txt"), { method: "POST", headers: alice, body: "x" });
    const first = (
      (await (await fetch(object("users/alice/t.txt"), { headers: alice })).json()) as {
        downloadTokens: string;
      }
    ).downloadTokens;
    expect(
      (await fetch(object("users/alice/t.txt", "?create_token=true"), { method: "POST", headers: alice }))
        .status,
    ).toBe(403);
    expect(
      (
        await fetch(object("users/alice/t.txt", "?create_token=true"), {
          method: "POST",
          headers: { authorization: "Bearer something-else" },
        })
      ).status,
    ).toBe(403);
    expect(
      (await fetch(object("users/alice/t.txt", "?create_token=yes"), { method: "POST", headers: owner }))
        .status,
    ).toBe(400);
    const created = (await (
      await fetch(object("users/alice/t.txt", "?create_token=true"), { method: "POST", headers: owner })
    ).json()) as { downloadTokens: string };
    const [, second] = created.downloadTokens.split(",");
    expect(created.downloadTokens.split(",")).toEqual([first, second]);
    const afterDelete = (await (
      await fetch(object("users/alice/t.txt", `?delete_token=${first}`), { method: "POST", headers: owner })
    ).json()) as { downloadTokens: string };
    expect(afterDelete.downloadTokens).toBe(second);
    const replaced = (await (
      await fetch(object("users/alice/t.txt", `?delete_token=${second}`), { method: "POST", headers: owner })
    ).json()) as { downloadTokens: string };
    expect(replaced.downloadTokens.split(",")).toHaveLength(1);
    expect(replaced.downloadTokens).not.toBe(second);
    expect((await fetch(object("users/alice/t.txt", `?alt=media&token=${first}`))).status).toBe(403);
    expect(
      (await fetch(object("users/alice/t.txt", `?alt=media&token=${replaced.downloadTokens}`))).status,
    ).toBe(200);
  });

  it("gives an object written through the GCS API (no token) a download token on its first Firebase read", async () => {
    await fetch(`${bed.origin}/upload/storage/v1/b/${BUCKET}/o?name=users/alice/g.txt`, {
      method: "POST",
      body: "x",
    });
    const metadata = (await (await fetch(object("users/alice/g.txt"), { headers: alice })).json()) as Record<
      string,
      unknown
    >;
    expect(metadata).toMatchObject({ metageneration: "2", contentEncoding: "identity" });
    expect(metadata.downloadTokens).toMatch(/^[0-9a-f-]{36}$/);
    expect(metadata).not.toHaveProperty("contentDisposition");
  });

  it("sends a gzip object gunzipped to a client that does not accept gzip (no Content-Encoding or Length), and as stored to one that does", async () => {
    await fetch(`${bed.origin}/upload/storage/v1/b/${BUCKET}/o?name=users/alice/z.txt`, {
      method: "POST",
      body: gzipSync("hello world"),
    });
    await fetch(`${bed.origin}/storage/v1/b/${BUCKET}/o/users%2Falice%2Fz.txt`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ contentEncoding: "gzip", contentType: "text/plain" }),
    });
    const get = (acceptEncoding?: string) =>
      new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
        // node:http, because fetch always accepts gzip and decompresses.
        const headers: Record<string, string> = {
          ...alice,
          ...(acceptEncoding ? { "accept-encoding": acceptEncoding } : {}),
        };
        httpRequest(object("users/alice/z.txt", "?alt=media"), { headers }, (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
        })
          .on("error", reject)
          .end();
      });
    const plain = await get();
    expect(plain.body.toString()).toBe("hello world");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.headers["content-length"]).toBeUndefined();
    expect(plain.headers["content-type"]).toBe("text/plain");
    const zipped = await get("gzip, deflate");
    expect(zipped.headers["content-encoding"]).toBe("gzip");
    expect(zipped.body).toEqual(gzipSync("hello world"));
  });

  it("names the file in Content-Disposition as filename*, percent-encoded UTF-8, after the stored disposition", async () => {
    await fetch(object("users/alice/Grüße (1).txt"), { method: "POST", headers: alice, body: "x" });
    const download = await fetch(object("users/alice/Grüße (1).txt", "?alt=media"), { headers: alice });
    expect(download.headers.get("content-disposition")).toBe(
      "inline; filename*=Gr%C3%BC%C3%9Fe%20%281%29.txt",
    );
    await fetch(`${bed.origin}/upload/storage/v1/b/${BUCKET}/o?name=users/alice/plain`, {
      method: "POST",
      body: "x",
    });
    const viaGcs = await fetch(object("users/alice/plain", "?alt=media"), { headers: alice });
    expect(viaGcs.headers.get("content-disposition")).toBe("attachment; filename*=plain");
  });

  it("lists no folder with an empty segment and no placeholder a/b/ as an item", async () => {
    for (const name of ["l//foo", "l/bar//", "l/baz//qux", "l/abc/", "l/item"]) {
      await fetch(`${bed.origin}/upload/storage/v1/b/${BUCKET}/o?name=${encodeURIComponent(name)}`, {
        method: "POST",
        body: "",
      });
    }
    const level = await (await fetch(`${bed.origin}/v0/b/${BUCKET}/o?prefix=l/&delimiter=/`)).json();
    expect(level).toEqual({
      prefixes: ["l/abc/", "l/bar/", "l/baz/"],
      items: [{ name: "l/item", bucket: BUCKET }],
    });
    const inside = await (await fetch(`${bed.origin}/v0/b/${BUCKET}/o?prefix=l/abc/&delimiter=/`)).json();
    expect(inside).toEqual({ prefixes: [], items: [] });
  });
});
