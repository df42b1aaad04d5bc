import type { DocumentSnapshot, Firestore, QuerySnapshot } from "firebase-admin/firestore";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openTarget, type Target } from "./support/target.js";

let target: Target;
let db: Firestore;
let other: Firestore;

beforeAll(async () => {
  target = await openTarget("listing");
  db = target.client();
  other = target.client();
});
afterAll(() => target.close());
beforeEach(() => target.clear());

/** Collects snapshots from a listener until `done` says enough. */
function snapshots<T>(subscribe: (next: (s: T) => void, fail: (e: Error) => void) => () => void) {
  const seen: T[] = [];
  let waiter: (() => void) | undefined;
  let failure: Error | undefined;
  const unsubscribe = subscribe(
    (snapshot) => {
      seen.push(snapshot);
      waiter?.();
    },
    (error) => {
      failure = error;
      waiter?.();
    },
  );
  return {
    seen,
    unsubscribe,
    /** The first snapshot, from the `count`-th on, that satisfies `accept` (snapshots may coalesce). */
    async until(count: number, accept: (snapshot: T) => boolean = () => true): Promise<T> {
      const deadline = Date.now() + 5000;
      const found = () => seen.slice(count - 1).find(accept);
      while (found() === undefined && failure === undefined && Date.now() < deadline) {
        await new Promise<void>((resolve) => {
          waiter = resolve;
          setTimeout(resolve, 100);
        });
      }
      if (failure) throw failure;
      const snapshot = found();
      if (snapshot === undefined) throw new Error(`no matching snapshot among ${seen.length}`);
      return snapshot;
    },
  };
}

describe("listing", () => {
  it("lists documents, including missing ones that only have subcollections", async () => {
    await db.doc("shelves/a").set({ n: 1 });
    await db.doc("shelves/b/books/x").set({ n: 2 });
    const refs = await db.collection("shelves").listDocuments();
    expect(refs.map((r) => r.id).sort()).toEqual(["a", "b"]);
  });

  it("lists collection ids at the root and under a document", async () => {
    await db.doc("alpha/1").set({});
    await db.doc("beta/1/gamma/2").set({});
    await db.doc("beta/1/delta/3").set({});
    expect((await db.listCollections()).map((c) => c.id).sort()).toEqual(["alpha", "beta"]);
    expect((await db.doc("beta/1").listCollections()).map((c) => c.id).sort()).toEqual(["delta", "gamma"]);
  });

  it("reads several documents at once with getAll, missing ones included", async () => {
    await db.doc("many/1").set({ n: 1 });
    const [one, two] = await db.getAll(db.doc("many/1"), db.doc("many/2"));
    expect(one?.get("n")).toBe(1);
    expect(two?.exists).toBe(false);
  });

  it("deletes a document tree recursively", async () => {
    await db.doc("tree/root").set({});
    await db.doc("tree/root/kids/a").set({});
    await db.doc("tree/root/kids/a/grandkids/b").set({});
    await db.recursiveDelete(db.doc("tree/root"));
    expect((await db.collectionGroup("grandkids").get()).size).toBe(0);
    expect((await db.doc("tree/root").get()).exists).toBe(false);
  });
});

describe("snapshot listeners (Listen)", () => {
  it("streams a query's initial results, then additions, changes and removals from other clients", async () => {
    await db.doc("live/a").set({ n: 1, on: true });
    const query = db.collection("live").where("on", "==", true);
    const stream = snapshots<QuerySnapshot>((next, fail) => query.onSnapshot(next, fail));
    try {
      expect((await stream.until(1)).docs.map((d) => d.id)).toEqual(["a"]);
      await other.doc("live/b").set({ n: 2, on: true });
      const added = await stream.until(2);
      expect(added.docChanges().map((c) => [c.type, c.doc.id])).toEqual([["added", "b"]]);
      await other.doc("live/a").update({ n: 10 });
      const modified = await stream.until(3);
      expect(modified.docChanges().map((c) => [c.type, c.doc.id, c.doc.get("n")])).toEqual([
        ["modified", "a", 10],
      ]);
      await other.doc("live/b").update({ on: false });
      await other.doc("live/a").delete();
      const last = await stream.until(4, (snapshot) => snapshot.size === 0);
      expect(last.docs).toEqual([]);
    } finally {
      stream.unsubscribe();
    }
  });

  it("streams one document's changes", async () => {
    const doc = db.doc("live/single");
    const stream = snapshots<DocumentSnapshot>((next, fail) => doc.onSnapshot(next, fail));
    try {
      expect((await stream.until(1)).exists).toBe(false);
      await other.doc("live/single").set({ v: 1 });
      expect((await stream.until(2)).get("v")).toBe(1);
    } finally {
      stream.unsubscribe();
    }
  });
});

describe("emulator HTTP endpoints", () => {
  it("clears a project's documents with DELETE .../documents and leaves other projects alone", async () => {
    await db.doc("keep/me").set({ a: 1 });
    await target.clear();
    expect((await db.doc("keep/me").get()).exists).toBe(false);
  });

  it("answers GET / with Ok", async () => {
    const response = await fetch(`http://${target.host}/`);
    expect(response.status).toBe(200);
    expect((await response.text()).trim()).toBe("Ok");
  });
});
