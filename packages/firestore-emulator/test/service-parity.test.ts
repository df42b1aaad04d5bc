import {
  average,
  collection,
  count,
  doc,
  documentId,
  getAggregateFromServer,
  getDocs,
  getDocsFromServer,
  onSnapshot,
  orderBy,
  query,
  runTransaction,
  sum,
  where,
  type Firestore as WebFirestore,
} from "firebase/firestore";
import type { Firestore } from "firebase-admin/firestore";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { drain, rawClient, received, type RawClient } from "./support/raw-client.js";
import { openTarget, type Target } from "./support/target.js";
import { closeWebClients, webClient } from "./support/web-client.js";

// Behaviours the Firebase JS SDK's own integration suite expects of the service, each checked here through
// the SDK or the wire (the suite itself runs from ../shared/conformance, outside this repository).

const INVALID_ARGUMENT = 3;

let target: Target;
let admin: Firestore;
let web: WebFirestore;
let raw: RawClient;

beforeAll(async () => {
  target = await openTarget("parity");
  admin = target.client();
  web = webClient(target.host, target.projectId, null);
  raw = rawClient(target.host);
});
afterAll(async () => {
  raw.close();
  await closeWebClients();
  await target.close();
});
beforeEach(() => target.clear());

const ids = (snapshot: { docs: { id: string }[] }) => snapshot.docs.map((d) => d.id);
const database = () => `projects/${target.projectId}/databases/(default)`;

describe("writes to one document in one commit", () => {
  it("answers INVALID_ARGUMENT for an update after a delete of the same document, and applies nothing", async () => {
    await admin.doc("docs/d").set({ foo: "bar0" });
    const ref = doc(web, "docs/d");
    const outcome = runTransaction(web, async (transaction) => {
      transaction.delete(ref);
      transaction.update(ref, { foo: "bar2" });
    });
    await expect(outcome).rejects.toMatchObject({ code: "invalid-argument" });
    expect((await admin.doc("docs/d").get()).data()).toEqual({ foo: "bar0" });
  });

  it("still answers NOT_FOUND when the stored document fails an update's precondition", async () => {
    const ref = doc(web, "docs/missing");
    const outcome = runTransaction(web, async (transaction) => {
      transaction.update(ref, { foo: "bar1" });
      transaction.delete(ref);
    });
    await expect(outcome).rejects.toMatchObject({ code: "not-found" });
  });
});

describe("reserved ids", () => {
  it("refuses a query below a reserved id like a/__badpath__/b on a get", async () => {
    await expect(getDocs(collection(web, "a/__badpath__/b"))).rejects.toMatchObject({
      code: "invalid-argument",
    });
  });

  it("refuses a listen below a reserved id with an error on the listener", async () => {
    const error = await new Promise<{ code: string }>((resolve) => {
      onSnapshot(collection(web, "a/__badpath__/b"), () => undefined, resolve);
    });
    expect(error.code).toBe("invalid-argument");
  });

  it("refuses writes to reserved, dot and over-long ids and accepts numeric __id<n>__ ids", async () => {
    for (const id of ["__x__", ".", "..", "x".repeat(1501)]) {
      await expect(admin.doc(`docs/${id}`).set({ a: 1 })).rejects.toMatchObject({
        code: INVALID_ARGUMENT,
      });
    }
    await admin.doc("docs/__id7__").set({ a: 1 });
    expect((await admin.doc("docs/__id7__").get()).exists).toBe(true);
  });
});

describe("documentId() over numeric ids", () => {
  it("orders __id<n>__ ids first by their value and ranges over them with documentId() filters", async () => {
    const all = ["A", "Aa", "7", "12", "__id7__", "__id12__", "__id-2__", "_id1__", "__id"];
    const batch = admin.batch();
    for (const id of all) batch.set(admin.doc(`nums/${id}`), { a: 1 });
    await batch.commit();
    const ranged = await getDocsFromServer(
      query(
        collection(web, "nums"),
        orderBy(documentId()),
        where(documentId(), ">", "__id7__"),
        where(documentId(), "<=", "Aa"),
      ),
    );
    expect(ids(ranged)).toEqual(["__id12__", "12", "7", "A", "Aa"]);
    const ordered = await admin.collection("nums").orderBy("__name__").get();
    expect(ordered.docs.map((d) => d.id)).toEqual([
      "__id-2__",
      "__id7__",
      "__id12__",
      "12",
      "7",
      "A",
      "Aa",
      "__id",
      "_id1__",
    ]);
  });
});

describe("null and NaN in list filters", () => {
  beforeEach(async () => {
    const batch = admin.batch();
    batch.set(admin.doc("zips/a"), { zip: 98101, tags: [1] });
    batch.set(admin.doc("zips/h"), { zip: null, tags: [null] });
    batch.set(admin.doc("zips/i"), { zip: NaN, tags: [NaN] });
    await batch.commit();
  });

  it("matches no document with `in [null]` or `in [NaN]`, and only the value with `in [98101, null]`", async () => {
    const zips = collection(web, "zips");
    expect(ids(await getDocs(query(zips, where("zip", "in", [null]))))).toEqual([]);
    expect(ids(await getDocs(query(zips, where("zip", "in", [NaN]))))).toEqual([]);
    expect(ids(await getDocs(query(zips, where("zip", "in", [98101, null]))))).toEqual(["a"]);
  });

  it("matches no document with `array-contains-any [null]` or `[NaN]`", async () => {
    const zips = collection(web, "zips");
    expect(ids(await getDocs(query(zips, where("tags", "array-contains-any", [null]))))).toEqual([]);
    expect(ids(await getDocs(query(zips, where("tags", "array-contains-any", [NaN]))))).toEqual([]);
  });
});

describe("NaN and range filters", () => {
  it("leaves NaN out of `sort <= 2` combined with `key != 'a'`", async () => {
    const batch = admin.batch();
    batch.set(admin.doc("special/doc1"), { key: "a", sort: 0 });
    batch.set(admin.doc("special/doc2"), { key: "b", sort: NaN });
    batch.set(admin.doc("special/doc3"), { key: "c", sort: null });
    batch.set(admin.doc("special/doc5"), { key: "e", sort: 1 });
    await batch.commit();
    const snapshot = await getDocs(
      query(collection(web, "special"), where("key", "!=", "a"), where("sort", "<=", 2)),
    );
    expect(ids(snapshot)).toEqual(["doc5"]);
  });
});

describe("query shapes the service refuses", () => {
  it("refuses a multi-inequality query whose documentId() order is not last", async () => {
    const refused = getDocs(query(collection(web, "q"), where("key", "!=", 42), orderBy(documentId())));
    await expect(refused).rejects.toThrow(/order by clause cannot contain more fields after the key/i);
  });

  it("refuses an equality on documentId() beside inequalities on other fields", async () => {
    const refused = getDocs(
      query(collection(web, "q"), where("key", "!=", 42), where(documentId(), "==", "doc1")),
    );
    await expect(refused).rejects.toThrow(
      "Equality on key is not allowed if there are other inequality fields and key does not appear in inequalities.",
    );
  });

  it("refuses more than five aggregations and computes five", async () => {
    await admin.doc("books/a").set({ pages: 100 });
    const books = collection(web, "books");
    const five = { a: sum("pages"), b: average("pages"), c: count(), d: sum("pages"), e: count() };
    expect((await getAggregateFromServer(books, five)).data()).toEqual({
      a: 100,
      b: 100,
      c: 1,
      d: 100,
      e: 1,
    });
    await expect(getAggregateFromServer(books, { ...five, f: count() })).rejects.toThrow(
      /maximum number of aggregations/,
    );
  });
});

describe("Listen targets the service cannot serve", () => {
  it("answers a target on the root path with a target error and keeps the stream open for the next target", async () => {
    await admin.doc("docs/d").set({ a: 1 });
    const stream = raw.stream("Listen");
    const { messages } = drain(stream);
    stream.write({
      database: database(),
      addTarget: { targetId: 1, documents: { documents: [`${database()}/documents`] } },
    });
    await received(messages, 1);
    expect(messages[0]).toMatchObject({
      targetChange: { targetChangeType: "REMOVE", targetIds: [1], cause: { code: INVALID_ARGUMENT } },
    });
    stream.write({
      database: database(),
      addTarget: { targetId: 2, documents: { documents: [`${database()}/documents/docs/d`] } },
    });
    await received(messages, 3);
    expect(messages[1]).toMatchObject({ targetChange: { targetChangeType: "ADD", targetIds: [2] } });
    expect(messages[2]).toMatchObject({ documentChange: { targetIds: [2] } });
    stream.end();
  });
});
