import { FieldPath, FieldValue, Timestamp, type Firestore, type Query } from "firebase-admin/firestore";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openTarget, type Target } from "./support/target.js";

// Ordered queries on one collection read a sorted index kept current by every write (ordered-index.ts);
// these pin that the index answers exactly what a full sort would, as the collection changes under it.

let target: Target;
let db: Firestore;

const ids = async (query: Query) => (await query.get()).docs.map((d) => d.id);

beforeAll(async () => {
  target = await openTarget("ordered-index");
  db = target.client();
});
afterAll(() => target.close());
beforeEach(() => target.clear());

/** Writes `count` documents `d000`… with `n` shuffled so that id order and `n` order differ. */
async function seed(count: number) {
  const batch = db.batch();
  for (let i = 0; i < count; i++) {
    const n = (i * 37) % count;
    batch.set(db.doc(`items/d${String(i).padStart(3, "0")}`), {
      n,
      parity: n % 2,
      at: Timestamp.fromMillis(n),
    });
  }
  await batch.commit();
}

describe("ordered queries over a collection's index", () => {
  it("pages through 300 documents newest first with startAfter cursors, each exactly once", async () => {
    await seed(300);
    const base = db
      .collection("items")
      .orderBy("at", "desc")
      .orderBy(FieldPath.documentId(), "desc")
      .limit(40);
    const seen: number[] = [];
    let query = base;
    for (;;) {
      const snapshot = await query.get();
      seen.push(...snapshot.docs.map((d) => d.get("n") as number));
      const last = snapshot.docs.at(-1);
      if (snapshot.size < 40 || last === undefined) break;
      query = base.startAfter(last.get("at"), last.id);
    }
    expect(seen).toEqual(Array.from({ length: 300 }, (_, i) => 299 - i));
  });

  it("keeps the order right as documents are added, moved, deleted and lose the ordered field", async () => {
    await seed(20);
    const byN = db.collection("items").orderBy("n").limit(5);
    // n = i * 17 mod 20: d000 0, d013 1, d006 2, d019 3, d012 4, d005 5, d018 6, ...
    expect(await ids(byN)).toEqual(["d000", "d013", "d006", "d019", "d012"]);
    await db.doc("items/d000").update({ n: 100 });
    await db.doc("items/d013").delete();
    await db.doc("items/d006").update({ n: null });
    await db.doc("items/new").set({ n: -1 });
    await db.doc("items/d019").update({ other: true, n: FieldValue.delete() });
    // null sorts before every number; d019 no longer has n, so it leaves the index.
    expect(await ids(byN)).toEqual(["d006", "new", "d012", "d005", "d018"]);
  });

  it("filters while reading in order, honouring offset, limit and both end cursors", async () => {
    await seed(50);
    const odd = db.collection("items").where("parity", "==", 1).orderBy("n");
    expect((await odd.offset(2).limit(3).get()).docs.map((d) => d.get("n"))).toEqual([5, 7, 9]);
    expect((await odd.startAt(10).endBefore(17).get()).docs.map((d) => d.get("n"))).toEqual([11, 13, 15]);
    expect((await odd.startAfter(11).endAt(17).get()).docs.map((d) => d.get("n"))).toEqual([13, 15, 17]);
    expect((await odd.limit(0).get()).size).toBe(0);
  });

  it("answers a read at a past time from that time's documents, not the index's latest state", async () => {
    await seed(5);
    const before = (await db.collection("items").orderBy("n").get()).readTime;
    await db.doc("items/d000").update({ n: 99 });
    const [then] = await db.runTransaction(
      async (transaction) => [await transaction.get(db.collection("items").orderBy("n").limit(2))],
      { readOnly: true, readTime: before },
    );
    // n = i * 37 mod 5: d000 0, d003 1, d001 2, d004 3, d002 4.
    expect(then?.docs.map((d) => d.id)).toEqual(["d000", "d003"]);
    expect(await ids(db.collection("items").orderBy("n").limit(2))).toEqual(["d003", "d001"]);
  });
});
