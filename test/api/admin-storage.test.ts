import { deleteApp, initializeApp, type App } from "firebase-admin/app";
import { getStorage } from "firebase-admin/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ID, STORAGE_BUCKET } from "../../scripts/stack/stack-config.js";
import { uniqueId } from "../support/stack.js";

// firebase-admin's Storage (getStorage().bucket(), @google-cloud/storage underneath) against the
// stack's Storage emulator, over the Cloud Storage JSON API it speaks: admin access, no rules, as
// on the service for a server's credentials. The stack's workers set FIREBASE_STORAGE_EMULATOR_HOST.
describe("firebase-admin Storage against the stack", () => {
  let app: App;
  let bucket: ReturnType<ReturnType<typeof getStorage>["bucket"]>;
  beforeAll(() => {
    app = initializeApp({ projectId: PROJECT_ID, storageBucket: STORAGE_BUCKET }, uniqueId("admin-storage"));
    bucket = getStorage(app).bucket();
  });
  afterAll(() => deleteApp(app));

  it("saves, downloads, reads and changes metadata, lists, copies and deletes a file", async () => {
    const folder = uniqueId("admin");
    const file = bucket.file(`${folder}/report.txt`);
    await file.save("quarterly numbers", {
      contentType: "text/plain",
      metadata: { metadata: { kind: "report" } },
    });

    const [bytes] = await file.download();
    expect(bytes.toString()).toBe("quarterly numbers");
    const [metadata] = await file.getMetadata();
    expect(metadata).toMatchObject({
      name: `${folder}/report.txt`,
      bucket: STORAGE_BUCKET,
      contentType: "text/plain",
      size: "17",
      metadata: { kind: "report" },
    });

    const [changed] = await file.setMetadata({
      cacheControl: "no-store",
      metadata: { kind: null, reviewed: "yes" },
    });
    expect(changed).toMatchObject({ cacheControl: "no-store", metadata: { reviewed: "yes" } });
    expect(changed.metadata).not.toHaveProperty("kind");

    const [copy] = await file.copy(bucket.file(`${folder}/copy.txt`));
    expect((await copy.download())[0].toString()).toBe("quarterly numbers");
    const [files] = await bucket.getFiles({ prefix: `${folder}/` });
    expect(files.map((listed) => listed.name)).toEqual([`${folder}/copy.txt`, `${folder}/report.txt`]);

    await file.delete();
    expect((await file.exists())[0]).toBe(false);
    await expect(file.download()).rejects.toMatchObject({ code: 404 });
    expect((await copy.exists())[0]).toBe(true);
  });
});
