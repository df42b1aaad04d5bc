import type { Firestore } from "firebase-admin/firestore";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawClient, type RawClient } from "./support/raw-client.js";
import { openTarget, type Target } from "./support/target.js";

// The service's limits on one document and one request ("Quotas and limits"), through firebase-admin.

const INVALID_ARGUMENT = 3;
const MiB = 1024 * 1024;

let target: Target;
let db: Firestore;
let raw: RawClient;

beforeAll(async () => {
  target = await openTarget("document-limits");
  db = target.client();
  raw = rawClient(target.host);
});
afterAll(async () => {
  raw.close();
  await target.close();
});

/** A value nested `depth` levels deep counting the top-level field as 1 (`{ n: { n: … 1 } }`). */
const nested = (depth: number): unknown => (depth === 1 ? 1 : { n: nested(depth - 1) });

describe("document limits", () => {
  it("stores a document of exactly 1 MiB as the service counts it, and refuses one byte more", async () => {
    // docs/big: name 5 + 4 + 16, field `s` 2, the string length + 1, and 32 bytes.
    const overhead = 25 + 2 + 1 + 32;
    await db.doc("docs/big").set({ s: "x".repeat(MiB - overhead) });
    await expect(db.doc("docs/big").set({ s: "x".repeat(MiB - overhead + 1) })).rejects.toMatchObject({
      code: INVALID_ARGUMENT,
      details: expect.stringMatching(/exceeds the maximum allowed size of 1048576 bytes/),
    });
    expect(((await db.doc("docs/big").get()).get("s") as string).length).toBe(MiB - overhead);
  });

  it("stores values 20 levels deep and refuses 21 (firebase-admin refuses them itself, so over the wire)", async () => {
    await db.doc("docs/deep").set({ v: nested(20) });
    const wireValue = (depth: number, inArray: boolean): unknown =>
      depth === 1
        ? { integerValue: "1" }
        : inArray
          ? { arrayValue: { values: [wireValue(depth - 1, !inArray)] } }
          : { mapValue: { fields: { n: wireValue(depth - 1, !inArray) } } };
    const write = (depth: number) =>
      raw.call(
        "Commit",
        {
          database: `projects/${target.projectId}/databases/(default)`,
          writes: [
            {
              update: {
                name: `projects/${target.projectId}/databases/(default)/documents/docs/wire${depth}`,
                fields: { v: wireValue(depth, true) },
              },
            },
          ],
        },
        "owner",
      );
    expect((await write(20)).code).toBe(0);
    expect((await write(21)).code).toBe(INVALID_ARGUMENT);
    expect((await write(30)).code).toBe(INVALID_ARGUMENT);
    expect((await db.doc("docs/wire21").get()).exists).toBe(false);
  });

  it("commits 500 writes at once and refuses 501, writing none of them", async () => {
    const batch = (n: number) => {
      const writes = db.batch();
      for (let i = 0; i < n; i++) writes.set(db.doc(`many${n}/d${i}`), { i });
      return writes.commit();
    };
    await batch(500);
    await expect(batch(501)).rejects.toMatchObject({ code: INVALID_ARGUMENT });
    expect((await db.collection("many501").count().get()).data().count).toBe(0);
  });
});
