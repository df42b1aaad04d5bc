import { createHash } from "node:crypto";
import {
  deleteObject,
  getBytes,
  getDownloadURL,
  getMetadata,
  list,
  listAll,
  ref,
  updateMetadata,
  uploadBytes,
  uploadBytesResumable,
} from "firebase/storage";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { BUCKET, OPEN_RULES, patternBytes, startTestBed, type TestBed } from "./support/sdk.js";

const md5 = (bytes: Uint8Array) => createHash("md5").update(bytes).digest("base64");

// The Firebase JS SDK's own calls against the emulator, with rules that allow everything: the
// protocol, not the rules, is under test here.
describe("storage emulator serving the Firebase JS SDK", () => {
  let bed: TestBed;
  beforeAll(async () => {
    bed = await startTestBed({ rules: OPEN_RULES });
  });
  afterAll(() => bed.close());
  beforeEach(() => bed.emulator.reset());

  it("stores a small upload (multipart) with its metadata and serves it back byte for byte", async () => {
    const storage = bed.anonymous();
    const bytes = patternBytes(1000);
    const { metadata } = await uploadBytes(ref(storage, "docs/a.pdf"), bytes, {
      contentType: "application/pdf",
      customMetadata: { entry: "e1" },
    });
    expect(metadata).toMatchObject({
      bucket: BUCKET,
      fullPath: "docs/a.pdf",
      name: "a.pdf",
      size: 1000,
      contentType: "application/pdf",
      customMetadata: { entry: "e1" },
      metageneration: "1",
      md5Hash: md5(bytes),
    });
    expect(new Uint8Array(await getBytes(ref(storage, "docs/a.pdf")))).toEqual(bytes);
    expect(await getMetadata(ref(storage, "docs/a.pdf"))).toMatchObject({ size: 1000, md5Hash: md5(bytes) });
  });

  it("assembles a resumable upload from its chunks in order and reports progress to the end", async () => {
    const storage = bed.anonymous();
    // Over the SDK's 256 KiB multipart threshold, and over one chunk: start, upload, upload+finalize.
    const bytes = patternBytes(600 * 1024 + 7);
    const task = uploadBytesResumable(ref(storage, "big/scan.png"), bytes, { contentType: "image/png" });
    const progress: number[] = [];
    task.on("state_changed", (snapshot) => progress.push(snapshot.bytesTransferred));
    const snapshot = await task;

    expect(snapshot.metadata).toMatchObject({
      size: bytes.length,
      contentType: "image/png",
      md5Hash: md5(bytes),
    });
    expect(progress.at(-1)).toBe(bytes.length);
    expect(new Uint8Array(await getBytes(ref(storage, "big/scan.png")))).toEqual(bytes);
  });

  it("serves the first bytes only when the SDK asks for a bounded download (Range)", async () => {
    const storage = bed.anonymous();
    const bytes = patternBytes(5000);
    await uploadBytes(ref(storage, "r/data.csv"), bytes, { contentType: "text/csv" });
    const head = new Uint8Array(await getBytes(ref(storage, "r/data.csv"), 100));
    // The SDK sends bytes=0-100 and keeps what it asked for.
    expect(head.length).toBeGreaterThanOrEqual(100);
    expect(head.length).toBeLessThan(bytes.length);
    expect(head).toEqual(bytes.subarray(0, head.length));
  });

  it("updates metadata in place: new values set, null removes, custom metadata merges, bytes unchanged", async () => {
    const storage = bed.anonymous();
    const target = ref(storage, "m/a.txt");
    await uploadBytes(target, patternBytes(10), {
      contentType: "text/plain",
      cacheControl: "no-cache",
      customMetadata: { a: "1", b: "2" },
    });
    const updated = await updateMetadata(target, {
      contentType: "text/csv",
      cacheControl: null,
      customMetadata: { b: "3", c: "4" },
    } as never);
    expect(updated).toMatchObject({
      contentType: "text/csv",
      customMetadata: { a: "1", b: "3", c: "4" },
      metageneration: "2",
      size: 10,
    });
    expect(updated.cacheControl).toBeUndefined();
    expect(new Uint8Array(await getBytes(target))).toEqual(patternBytes(10));
  });

  it("gives a download URL whose token downloads without credentials", async () => {
    const storage = bed.anonymous();
    await uploadBytes(ref(storage, "u/photo.jpg"), patternBytes(64), { contentType: "image/jpeg" });
    const url = await getDownloadURL(ref(storage, "u/photo.jpg"));
    expect(url).toMatch(
      new RegExp(`^${bed.origin}/v0/b/${BUCKET}/o/u%2Fphoto\\.jpg\\?alt=media&token=[0-9a-f-]{36}$`),
    );

    bed.emulator.loadRules(
      "rules_version = '2'; service firebase.storage { match /b/{b}/o/{p=**} { allow read, write: if false; } }",
    );
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/jpeg");
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(patternBytes(64));
    const withoutToken = await fetch(url.replace(/&token=.*/, ""));
    expect(withoutToken.status).toBe(403);
    bed.emulator.loadRules(OPEN_RULES);
  });

  it("takes the download token a client sets as firebaseStorageDownloadTokens, as the service does", async () => {
    const storage = bed.anonymous();
    await uploadBytes(ref(storage, "u/chosen.txt"), patternBytes(8), {
      customMetadata: { firebaseStorageDownloadTokens: "chosen-token" },
    });
    expect(await getDownloadURL(ref(storage, "u/chosen.txt"))).toMatch(/&token=chosen-token$/);

    bed.emulator.loadRules(
      "rules_version = '2'; service firebase.storage { match /b/{b}/o/{p=**} { allow read, write: if false; } }",
    );
    const response = await fetch(
      `${bed.origin}/v0/b/${BUCKET}/o/u%2Fchosen.txt?alt=media&token=chosen-token`,
    );
    bed.emulator.loadRules(OPEN_RULES);
    expect(response.status).toBe(200);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(patternBytes(8));
  });

  it("lists one level under a prefix with delimiter '/', folders as prefixes, in name order", async () => {
    const storage = bed.asOwner();
    for (const name of ["p/a/1.txt", "p/a/2.txt", "p/b.txt", "p/c/3.txt", "p-other.txt", "q/4.txt"]) {
      await uploadBytes(ref(storage, name), patternBytes(1));
    }
    const result = await listAll(ref(storage, "p"));
    expect(result.items.map((item) => item.fullPath)).toEqual(["p/b.txt"]);
    expect(result.prefixes.map((prefix) => prefix.fullPath)).toEqual(["p/a", "p/c"]);
  });

  it("pages through a listing with maxResults and page tokens, each entry exactly once", async () => {
    const storage = bed.asOwner();
    const names = Array.from({ length: 7 }, (_, i) => `pages/f${i}.txt`);
    for (const name of [...names, "pages/dir/x.txt", "pages/dir/y.txt"]) {
      await uploadBytes(ref(storage, name), patternBytes(1));
    }
    const seen: string[] = [];
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const page = await list(ref(storage, "pages"), { maxResults: 3, ...(pageToken ? { pageToken } : {}) });
      seen.push(...page.prefixes.map((p) => `${p.fullPath}/`), ...page.items.map((item) => item.fullPath));
      pageToken = page.nextPageToken;
      pages++;
    } while (pageToken);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual(["pages/dir/", ...names].sort());
  });

  it("deletes an object: afterwards its metadata and bytes are 404 (storage/object-not-found)", async () => {
    const storage = bed.anonymous();
    const target = ref(storage, "d/gone.txt");
    await uploadBytes(target, patternBytes(3));
    await deleteObject(target);
    await expect(getMetadata(target)).rejects.toMatchObject({ code: "storage/object-not-found" });
    await expect(getBytes(target)).rejects.toMatchObject({ code: "storage/object-not-found" });
    await expect(deleteObject(target)).rejects.toMatchObject({ code: "storage/object-not-found" });
  });
});
