import { deleteApp, initializeApp } from "firebase-admin/app";
import { getFirestore } from "firebase-admin/firestore";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFirestoreEmulator, type FirestoreEmulator } from "../src/index.js";
import { externalHost } from "./support/target.js";

// The counter lives in the embedded emulator object; an external emulator has nothing to count with.
describe.skipIf(externalHost !== undefined)("document read counter", () => {
  let emulator: FirestoreEmulator;
  const app = initializeApp({ projectId: "demo-reads" }, `demo-reads-${Math.random()}`);
  let db: ReturnType<typeof getFirestore>;

  beforeAll(async () => {
    process.env.METADATA_SERVER_DETECTION ??= "none";
    emulator = createFirestoreEmulator({ port: 0 });
    await emulator.start();
    const previous = process.env.FIRESTORE_EMULATOR_HOST;
    process.env.FIRESTORE_EMULATOR_HOST = `${emulator.host}:${emulator.port}`;
    db = getFirestore(app);
    if (previous === undefined) delete process.env.FIRESTORE_EMULATOR_HOST;
    else process.env.FIRESTORE_EMULATOR_HOST = previous;
    const batch = db.batch();
    for (let i = 0; i < 30; i++) batch.set(db.doc(`items/i${String(i).padStart(2, "0")}`), { n: i });
    await batch.commit();
  });

  afterAll(async () => {
    await deleteApp(app);
    await emulator.stop();
  });

  /** The reads `work` cost, measured on the counter. */
  async function readsOf(work: () => Promise<unknown>): Promise<number> {
    const before = emulator.documentReads("demo-reads");
    await work();
    return emulator.documentReads("demo-reads") - before;
  }

  it("counts one read per document a query returns, and one for an empty result", async () => {
    expect(await readsOf(() => db.collection("items").orderBy("n", "desc").limit(5).get())).toBe(5);
    expect(await readsOf(() => db.collection("items").get())).toBe(30);
    expect(await readsOf(() => db.collection("items").where("n", ">", 100).get())).toBe(1);
  });

  it("counts gets of present and missing documents, and nothing for writes", async () => {
    expect(await readsOf(() => db.getAll(db.doc("items/i01"), db.doc("items/nope")))).toBe(2);
    expect(await readsOf(() => db.doc("items/i02").set({ n: 2 }))).toBe(0);
  });

  it("counts an aggregation as one read per 1,000 documents matched", async () => {
    expect(await readsOf(() => db.collection("items").count().get())).toBe(1);
  });

  it("keeps projects apart", async () => {
    expect(emulator.documentReads("demo-other")).toBe(0);
    expect(emulator.documentReads()).toBe(emulator.documentReads("demo-reads"));
  });
});
