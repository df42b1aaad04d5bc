import { Timestamp, type Firestore } from "firebase-admin/firestore";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { codeOf, inParallel, openTarget, type Target } from "./support/target.js";

const ABORTED = 10;
const ALREADY_EXISTS = 6;
const FAILED_PRECONDITION = 9;

let target: Target;
let db: Firestore;
/** Separate clients (own apps, own connections) so concurrency is real, not queued in one channel. */
let clients: Firestore[];

beforeAll(async () => {
  target = await openTarget("transactions");
  db = target.client();
  clients = Array.from({ length: 5 }, () => target.client());
});
afterAll(() => target.close());
beforeEach(() => target.clear());

describe("read-write transactions", () => {
  it("loses no update when 20 clients increment one counter concurrently", async () => {
    const counter = db.doc("counters/shared");
    await counter.set({ value: 0 });
    const results = await inParallel(20, (i) =>
      (clients[i % clients.length] as Firestore).runTransaction(async (tx) => {
        const snapshot = await tx.get(counter);
        tx.update(counter, { value: (snapshot.get("value") as number) + 1 });
      }),
    );
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    expect((await counter.get()).get("value")).toBe(20);
  });

  it("retries a transaction whose read document another client changed before it committed", async () => {
    const doc = db.doc("accounts/a");
    await doc.set({ balance: 100 });
    let attempts = 0;
    await db.runTransaction(async (tx) => {
      attempts++;
      const snapshot = await tx.get(doc);
      if (attempts === 1) await (clients[0] as Firestore).doc("accounts/a").set({ balance: 50 });
      tx.update(doc, { balance: (snapshot.get("balance") as number) - 10 });
    });
    expect(attempts).toBe(2);
    expect((await doc.get()).get("balance")).toBe(40);
  });

  it("refuses a commit from a transaction that lost its read to another write with ABORTED", async () => {
    const doc = db.doc("accounts/b");
    await doc.set({ balance: 1 });
    const outcome = db.runTransaction(
      async (tx) => {
        await tx.get(doc);
        await (clients[1] as Firestore).doc("accounts/b").update({ balance: 2 });
        tx.update(doc, { balance: 3 });
      },
      { maxAttempts: 1 },
    );
    await expect(outcome).rejects.toMatchObject({ code: ABORTED });
    expect((await doc.get()).get("balance")).toBe(2);
  });

  it("keeps two transactions on different documents independent", async () => {
    await db.doc("pairs/x").set({ n: 0 });
    await db.doc("pairs/y").set({ n: 0 });
    await Promise.all(
      ["x", "y"].map((id, i) =>
        (clients[i] as Firestore).runTransaction(async (tx) => {
          const ref = (clients[i] as Firestore).doc(`pairs/${id}`);
          tx.update(ref, { n: ((await tx.get(ref)).get("n") as number) + 1 });
        }),
      ),
    );
    expect((await db.doc("pairs/x").get()).get("n")).toBe(1);
    expect((await db.doc("pairs/y").get()).get("n")).toBe(1);
  });

  it("applies nothing from a transaction whose callback throws", async () => {
    const doc = db.doc("accounts/c");
    await doc.set({ balance: 5 });
    await expect(
      db.runTransaction(async (tx) => {
        await tx.get(doc);
        tx.update(doc, { balance: 0 });
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    expect((await doc.get()).get("balance")).toBe(5);
  });

  it("creates a document inside a transaction only if it is still absent", async () => {
    const doc = db.doc("claims/once");
    const results = await inParallel(5, (i) =>
      (clients[i] as Firestore).runTransaction(async (tx) => {
        const ref = (clients[i] as Firestore).doc("claims/once");
        if ((await tx.get(ref)).exists) return false;
        tx.create(ref, { by: i });
        return true;
      }),
    );
    const created = results.filter((r) => r.status === "fulfilled" && r.value === true);
    expect(created).toHaveLength(1);
    expect((await doc.get()).exists).toBe(true);
  });

  it("lets only one of many concurrent 'create unless a match exists' transactions create", async () => {
    const results = await inParallel(5, (i) => {
      const client = clients[i] as Firestore;
      return client.runTransaction(async (tx) => {
        const matches = await tx.get(client.collection("entries").where("externalId", "==", "pos-1"));
        if (!matches.empty) return false;
        tx.create(client.collection("entries").doc(), { externalId: "pos-1", by: i });
        return true;
      });
    });
    expect(results.filter((r) => r.status === "fulfilled" && r.value === true)).toHaveLength(1);
    expect(
      (await db.collection("entries").where("externalId", "==", "pos-1").count().get()).data().count,
    ).toBe(1);
  });

  it("reads a query's results under lock and sees its own snapshot", async () => {
    await db.doc("queue/1").set({ state: "new" });
    await db.doc("queue/2").set({ state: "new" });
    const claimed = await inParallel(4, (i) =>
      (clients[i] as Firestore).runTransaction(async (tx) => {
        const open = await tx.get(
          (clients[i] as Firestore).collection("queue").where("state", "==", "new").limit(1),
        );
        const first = open.docs[0];
        if (first === undefined) return null;
        tx.update(first.ref, { state: "taken", by: i });
        return first.id;
      }),
    );
    const ids = claimed.flatMap((r) => (r.status === "fulfilled" && r.value !== null ? [r.value] : []));
    expect(ids.sort()).toEqual(["1", "2"]);
  });
});

describe("create and preconditions under concurrency", () => {
  it("lets exactly one of many concurrent create() calls succeed; the rest get ALREADY_EXISTS", async () => {
    const results = await inParallel(10, (i) =>
      (clients[i % clients.length] as Firestore).doc("unique/one").create({ by: i }),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.filter((r) => r.status === "rejected").map(codeOf)).toEqual(Array(9).fill(ALREADY_EXISTS));
  });

  it("fails a stale lastUpdateTime update with FAILED_PRECONDITION and changes nothing", async () => {
    const doc = db.doc("versions/v");
    const first = await doc.set({ n: 1 });
    const second = await (clients[0] as Firestore)
      .doc("versions/v")
      .update({ n: 2 }, { lastUpdateTime: first.writeTime });
    const stale = doc.update({ n: 3 }, { lastUpdateTime: first.writeTime });
    await expect(stale).rejects.toMatchObject({ code: FAILED_PRECONDITION });
    const current = await doc.get();
    expect(current.get("n")).toBe(2);
    expect(current.updateTime?.isEqual(second.writeTime)).toBe(true);
  });

  it("lets exactly one of two concurrent updates with the same lastUpdateTime succeed", async () => {
    const doc = db.doc("versions/race");
    const { writeTime } = await doc.set({ n: 0 });
    const results = await inParallel(2, (i) =>
      (clients[i] as Firestore).doc("versions/race").update({ n: i + 1 }, { lastUpdateTime: writeTime }),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.map(codeOf).filter((c) => c !== undefined)).toEqual([FAILED_PRECONDITION]);
  });

  it("deletes with a lastUpdateTime precondition only at that version", async () => {
    const doc = db.doc("versions/del");
    const { writeTime } = await doc.set({ n: 0 });
    await doc.set({ n: 1 });
    await expect(doc.delete({ lastUpdateTime: writeTime })).rejects.toMatchObject({
      code: FAILED_PRECONDITION,
    });
    await doc.delete({ lastUpdateTime: (await doc.get()).updateTime as Timestamp });
    expect((await doc.get()).exists).toBe(false);
  });
});

describe("snapshots", () => {
  it("gives a read-only transaction one consistent snapshot while others write", async () => {
    await db.doc("snap/a").set({ n: 1 });
    await db.doc("snap/b").set({ n: 1 });
    const seen = await db.runTransaction(
      async (tx) => {
        const a = await tx.get(db.doc("snap/a"));
        await (clients[0] as Firestore).doc("snap/b").set({ n: 2 });
        const b = await tx.get(db.doc("snap/b"));
        return [a.get("n"), b.get("n")];
      },
      { readOnly: true, readTime: Timestamp.now() },
    );
    expect(seen).toEqual([1, 1]);
  });

  it("reads documents and queries as of a past readTime", async () => {
    const doc = db.doc("history/h");
    const v1 = await doc.set({ n: 1 });
    await doc.set({ n: 2 });
    await db.doc("history/later").set({ n: 3 });
    const past = await db.runTransaction(
      async (tx) => {
        const snapshot = await tx.get(doc);
        const query = await tx.get(db.collection("history"));
        return { n: snapshot.get("n") as number, ids: query.docs.map((d) => d.id) };
      },
      { readOnly: true, readTime: v1.writeTime },
    );
    expect(past).toEqual({ n: 1, ids: ["h"] });
  });

  it("hands out strictly increasing commit times", async () => {
    const times = [];
    for (let i = 0; i < 5; i++)
      times.push((await db.doc(`clock/${i}`).set({ i })).writeTime.toMillis() * 1000);
    const writes = await Promise.all(
      [0, 1, 2, 3, 4].map((i) => (clients[i] as Firestore).doc(`clock/p${i}`).set({ i })),
    );
    const stamps = [...writes.map((w) => w.writeTime)].sort((a, b) => a.valueOf().localeCompare(b.valueOf()));
    for (let i = 1; i < stamps.length; i++)
      expect(stamps[i]?.isEqual(stamps[i - 1] as Timestamp)).toBe(false);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });
});
