import { FieldPath, FieldValue, Timestamp, type Firestore } from "firebase-admin/firestore";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openTarget, type Target } from "./support/target.js";

const NOT_FOUND = 5;
const ALREADY_EXISTS = 6;

let target: Target;
let db: Firestore;

beforeAll(async () => {
  target = await openTarget("writes");
  db = target.client();
});
afterAll(() => target.close());
beforeEach(() => target.clear());

describe("set, merge, update, delete", () => {
  it("replaces the whole document on set", async () => {
    const doc = db.doc("items/a");
    await doc.set({ a: 1, nested: { x: 1, y: 2 } });
    await doc.set({ b: 2 });
    expect((await doc.get()).data()).toEqual({ b: 2 });
  });

  it("merges nested fields with merge: true and leaves the others", async () => {
    const doc = db.doc("items/b");
    await doc.set({ a: 1, nested: { x: 1, y: 2 } });
    await doc.set({ nested: { y: 3, z: 4 } }, { merge: true });
    expect((await doc.get()).data()).toEqual({ a: 1, nested: { x: 1, y: 3, z: 4 } });
  });

  it("merges only the listed fields with mergeFields", async () => {
    const doc = db.doc("items/c");
    await doc.set({ a: 1, b: 1 });
    await doc.set({ a: 2, b: 2, c: 2 }, { mergeFields: ["a", "c"] });
    expect((await doc.get()).data()).toEqual({ a: 2, b: 1, c: 2 });
  });

  it("updates dotted paths, field paths with special characters, and deletes fields", async () => {
    const doc = db.doc("items/d");
    await doc.set({ a: { b: 1, c: 2 }, "x.y": 1, gone: true });
    await doc.update({ "a.b": 10, gone: FieldValue.delete() });
    await doc.update(new FieldPath("x.y"), 2);
    expect((await doc.get()).data()).toEqual({ a: { b: 10, c: 2 }, "x.y": 2 });
  });

  it("refuses update() of a missing document with NOT_FOUND", async () => {
    await expect(db.doc("items/missing").update({ a: 1 })).rejects.toMatchObject({ code: NOT_FOUND });
    expect((await db.doc("items/missing").get()).exists).toBe(false);
  });

  it("refuses create() of an existing document with ALREADY_EXISTS", async () => {
    await db.doc("items/e").create({ a: 1 });
    await expect(db.doc("items/e").create({ a: 2 })).rejects.toMatchObject({ code: ALREADY_EXISTS });
    expect((await db.doc("items/e").get()).get("a")).toBe(1);
  });

  it("deletes documents, and deleting a missing one succeeds", async () => {
    await db.doc("items/f").set({ a: 1 });
    await db.doc("items/f").delete();
    await db.doc("items/never").delete();
    expect((await db.doc("items/f").get()).exists).toBe(false);
  });

  it("refuses delete with exists: true on a missing document", async () => {
    await expect(db.doc("items/nothing").delete({ exists: true })).rejects.toMatchObject({ code: NOT_FOUND });
  });

  it("round-trips every value type", async () => {
    const doc = db.doc("items/types");
    const data = {
      nil: null,
      bool: true,
      int: 42,
      big: 2 ** 40,
      double: 1.5,
      nan: NaN,
      str: "héllo 👋",
      bytes: Buffer.from([0, 1, 255]),
      time: Timestamp.fromMillis(1_700_000_000_123),
      ref: db.doc("items/other"),
      geo: new (await import("firebase-admin/firestore")).GeoPoint(48.85, 2.35),
      arr: [1, "two", { three: 3 }],
      map: { deep: { deeper: [true] } },
      empty: {},
    };
    await doc.set(data);
    const read = (await doc.get()).data() as Record<string, unknown>;
    expect(read["nil"]).toBeNull();
    expect(read["int"]).toBe(42);
    expect(read["big"]).toBe(2 ** 40);
    expect(read["nan"]).toBeNaN();
    expect(read["str"]).toBe("héllo 👋");
    expect(Buffer.from(read["bytes"] as Uint8Array)).toEqual(Buffer.from([0, 1, 255]));
    expect((read["time"] as Timestamp).toMillis()).toBe(1_700_000_000_123);
    expect((read["ref"] as { path: string }).path).toBe("items/other");
    expect(read["geo"]).toMatchObject({ latitude: 48.85, longitude: 2.35 });
    expect(read["arr"]).toEqual([1, "two", { three: 3 }]);
    expect(read["map"]).toEqual({ deep: { deeper: [true] } });
    expect(read["empty"]).toEqual({});
  });

  it("applies a batch atomically: a failing precondition applies none of it", async () => {
    await db.doc("items/g").set({ a: 1 });
    const batch = db.batch();
    batch.set(db.doc("items/h"), { a: 1 });
    batch.update(db.doc("items/absent"), { a: 1 });
    await expect(batch.commit()).rejects.toMatchObject({ code: NOT_FOUND });
    expect((await db.doc("items/h").get()).exists).toBe(false);
  });

  it("writes many documents through BulkWriter (BatchWrite)", async () => {
    const writer = db.bulkWriter();
    const failures: number[] = [];
    writer.onWriteError((error) => {
      failures.push(error.code);
      return false;
    });
    for (let i = 0; i < 30; i++) void writer.set(db.doc(`bulk/${i}`), { i });
    void writer.update(db.doc("bulk/absent"), { i: -1 }).catch(() => undefined);
    await writer.close();
    expect(failures).toEqual([NOT_FOUND]);
    expect((await db.collection("bulk").count().get()).data().count).toBe(30);
  });
});

describe("createTime and updateTime", () => {
  it("keeps createTime and moves updateTime to the commit time of each change", async () => {
    const doc = db.doc("times/a");
    const created = await doc.set({ n: 1 });
    const updated = await doc.update({ n: 2 });
    const snapshot = await doc.get();
    expect(snapshot.createTime?.isEqual(created.writeTime)).toBe(true);
    expect(snapshot.updateTime?.isEqual(updated.writeTime)).toBe(true);
    expect(updated.writeTime > created.writeTime).toBe(true);
  });

  it("keeps the previous updateTime for a write that changes nothing", async () => {
    const doc = db.doc("times/b");
    const first = await doc.set({ n: 1 });
    await doc.set({ n: 1 });
    expect((await doc.get()).updateTime?.isEqual(first.writeTime)).toBe(true);
  });

  it("gives a recreated document a new createTime", async () => {
    const doc = db.doc("times/c");
    const first = await doc.set({ n: 1 });
    await doc.delete();
    const second = await doc.set({ n: 1 });
    expect((await doc.get()).createTime?.isEqual(second.writeTime)).toBe(true);
    expect(second.writeTime > first.writeTime).toBe(true);
  });
});

describe("field transforms", () => {
  it("sets serverTimestamp to the commit time", async () => {
    const doc = db.doc("transforms/ts");
    const { writeTime } = await doc.set({
      at: FieldValue.serverTimestamp(),
      nested: { at: FieldValue.serverTimestamp() },
    });
    const snapshot = await doc.get();
    expect((snapshot.get("at") as Timestamp).isEqual(writeTime)).toBe(true);
    expect((snapshot.get("nested.at") as Timestamp).isEqual(writeTime)).toBe(true);
  });

  it("increments integers and doubles, and starts a missing or non-numeric field at the operand", async () => {
    const doc = db.doc("transforms/inc");
    await doc.set({ i: 1, d: 1.5, s: "x" });
    await doc.update({
      i: FieldValue.increment(2),
      d: FieldValue.increment(1),
      s: FieldValue.increment(5),
      fresh: FieldValue.increment(7),
    });
    expect((await doc.get()).data()).toEqual({ i: 3, d: 2.5, s: 5, fresh: 7 });
  });

  it("adds concurrent increments without a transaction", async () => {
    const doc = db.doc("transforms/many");
    await doc.set({ n: 0 });
    await Promise.all(Array.from({ length: 25 }, () => doc.update({ n: FieldValue.increment(1) })));
    expect((await doc.get()).get("n")).toBe(25);
  });

  it("applies maximum and minimum, keeping the stored value on a tie and starting missing fields", async () => {
    const doc = db.doc("transforms/minmax");
    await doc.set({ hi: 5, lo: 5, tie: 3, text: "x" });
    await doc.update({
      hi: FieldValue.maximum(9),
      lo: FieldValue.minimum(2.5),
      tie: FieldValue.maximum(3.0),
      text: FieldValue.minimum(1),
      fresh: FieldValue.maximum(4),
    });
    expect((await doc.get()).data()).toEqual({ hi: 9, lo: 2.5, tie: 3, text: 1, fresh: 4 });
  });

  it("arrayUnion appends only missing elements and arrayRemove removes every equal one", async () => {
    const doc = db.doc("transforms/arrays");
    await doc.set({ tags: ["a", "b"], nums: [1, 2, 1, 3], notArray: 5 });
    await doc.update({
      tags: FieldValue.arrayUnion("b", "c", "c"),
      nums: FieldValue.arrayRemove(1),
      notArray: FieldValue.arrayUnion("x"),
      fresh: FieldValue.arrayRemove("y"),
    });
    expect((await doc.get()).data()).toEqual({
      tags: ["a", "b", "c"],
      nums: [2, 3],
      notArray: ["x"],
      fresh: [],
    });
  });

  it("treats 1 and 1.0 as the same element in arrayUnion", async () => {
    const doc = db.doc("transforms/numeric");
    await doc.set({ xs: [1] });
    await doc.update({
      xs: FieldValue.arrayUnion(1.0, { k: 1 }),
      ys: FieldValue.arrayUnion({ k: 1 }, { k: 1 }),
    });
    expect((await doc.get()).data()).toEqual({ xs: [1, { k: 1 }], ys: [{ k: 1 }] });
  });
});
