import {
  AggregateField,
  FieldPath,
  Filter,
  GeoPoint,
  Timestamp,
  type Firestore,
  type Query,
} from "firebase-admin/firestore";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTarget, type Target } from "./support/target.js";

let target: Target;
let db: Firestore;

const ids = async (query: Query) => (await query.get()).docs.map((d) => d.id);

const cities = {
  sf: {
    name: "San Francisco",
    state: "CA",
    pop: 860_000,
    area: 121.4,
    tags: ["coast", "tech"],
    capital: false,
  },
  la: {
    name: "Los Angeles",
    state: "CA",
    pop: 3_900_000,
    area: 1302,
    tags: ["coast", "film"],
    capital: false,
  },
  sac: { name: "Sacramento", state: "CA", pop: 525_000, area: 259, tags: ["river"], capital: true },
  dc: { name: "Washington", state: "DC", pop: 690_000, tags: ["capital"], capital: null },
  tok: {
    name: "Tokyo",
    state: null,
    pop: 14_000_000,
    area: 2194,
    tags: ["coast", "tech", "capital"],
    capital: true,
  },
  bj: { name: "Beijing", pop: 21_500_000, area: 16_410, tags: ["capital"], capital: true },
};

beforeAll(async () => {
  target = await openTarget("queries");
  db = target.client();
  const batch = db.batch();
  for (const [id, data] of Object.entries(cities)) batch.set(db.doc(`cities/${id}`), data);
  // One field holding every type, to check Firestore's cross-type order.
  const mixed: [string, unknown][] = [
    ["m01", null],
    ["m02", false],
    ["m03", true],
    ["m04", NaN],
    ["m05", -1],
    ["m06", 0.5],
    ["m07", 2],
    ["m08", Timestamp.fromMillis(0)],
    ["m09", ""],
    ["m10", "a"],
    ["m11", Buffer.from([1])],
    ["m12", db.doc("a/b")],
    ["m13", new GeoPoint(0, 0)],
    ["m14", [1]],
    ["m15", { a: 1 }],
  ];
  for (const [id, v] of mixed) batch.set(db.doc(`mixed/${id}`), { v });
  batch.set(db.doc("mixed/none"), { other: 1 });
  for (const [parent, n] of [
    ["cities/sf", 1],
    ["cities/la", 2],
    ["countries/us", 3],
  ] as const) {
    batch.set(db.doc(`${parent}/landmarks/l${n}`), { n, type: n % 2 === 0 ? "museum" : "park" });
  }
  await batch.commit();
});
afterAll(() => target.close());

describe("field filters", () => {
  it("matches ==, !=, <, <=, >, >=", async () => {
    expect(await ids(db.collection("cities").where("state", "==", "CA").orderBy("pop"))).toEqual([
      "sac",
      "sf",
      "la",
    ]);
    expect(await ids(db.collection("cities").where("pop", "<", 700_000))).toEqual(["sac", "dc"]);
    expect(await ids(db.collection("cities").where("pop", "<=", 690_000))).toEqual(["sac", "dc"]);
    expect(await ids(db.collection("cities").where("pop", ">", 14_000_000))).toEqual(["bj"]);
    expect(await ids(db.collection("cities").where("pop", ">=", 14_000_000))).toEqual(["tok", "bj"]);
  });

  it("leaves documents without the field, and nulls, out of != and not-in", async () => {
    expect(await ids(db.collection("cities").where("state", "!=", "CA"))).toEqual(["dc"]);
    expect(await ids(db.collection("cities").where("state", "not-in", ["DC"]))).toEqual(["la", "sac", "sf"]);
  });

  it("matches in, array-contains and array-contains-any", async () => {
    expect(await ids(db.collection("cities").where("state", "in", ["DC", "XX"]))).toEqual(["dc"]);
    expect(await ids(db.collection("cities").where("tags", "array-contains", "tech"))).toEqual(["sf", "tok"]);
    expect(await ids(db.collection("cities").where("tags", "array-contains-any", ["film", "river"]))).toEqual(
      ["la", "sac"],
    );
  });

  it("matches null and NaN with == (IS_NULL / IS_NAN) and their negations", async () => {
    expect(await ids(db.collection("cities").where("capital", "==", null))).toEqual(["dc"]);
    expect(await ids(db.collection("cities").where("capital", "!=", null)).then((r) => r.sort())).toEqual(
      ["bj", "la", "sac", "sf", "tok"].sort(),
    );
    expect(await ids(db.collection("mixed").where("v", "==", NaN))).toEqual(["m04"]);
  });

  it("compares only values of the same type in range filters", async () => {
    expect(await ids(db.collection("mixed").where("v", ">", 0))).toEqual(["m06", "m07"]);
    expect(await ids(db.collection("mixed").where("v", ">=", ""))).toEqual(["m09", "m10"]);
  });

  it("filters on the document id", async () => {
    expect(
      await ids(db.collection("cities").where(FieldPath.documentId(), "in", ["sf", "dc", "nope"])),
    ).toEqual(["dc", "sf"]);
    expect(await ids(db.collection("cities").where(FieldPath.documentId(), ">=", "sac"))).toEqual([
      "sac",
      "sf",
      "tok",
    ]);
  });
});

describe("composite filters", () => {
  it("combines AND and OR", async () => {
    const query = db
      .collection("cities")
      .where(
        Filter.or(
          Filter.and(Filter.where("state", "==", "CA"), Filter.where("pop", ">", 1_000_000)),
          Filter.where("capital", "==", true),
        ),
      );
    expect((await ids(query)).sort()).toEqual(["bj", "la", "sac", "tok"]);
  });

  it("applies inequalities on several fields", async () => {
    const query = db.collection("cities").where("pop", ">", 600_000).where("area", "<", 2000);
    expect(await ids(query)).toEqual(["sf", "la"]);
  });
});

describe("ordering", () => {
  it("orders values of different types by Firestore's type order", async () => {
    expect(await ids(db.collection("mixed").orderBy("v"))).toEqual([
      "m01",
      "m02",
      "m03",
      "m04",
      "m05",
      "m06",
      "m07",
      "m08",
      "m09",
      "m10",
      "m11",
      "m12",
      "m13",
      "m14",
      "m15",
    ]);
  });

  it("leaves out documents lacking an ordered field and breaks ties by name in the last direction", async () => {
    expect(await ids(db.collection("cities").orderBy("area", "desc"))).toEqual([
      "bj",
      "tok",
      "la",
      "sac",
      "sf",
    ]);
    expect(await ids(db.collection("cities").orderBy("state").orderBy("pop", "desc"))).toEqual([
      "tok",
      "la",
      "sf",
      "sac",
      "dc",
    ]);
  });

  it("orders strings by UTF-8 bytes", async () => {
    const batch = db.batch();
    ["a", "Z", "é", "😀", "\uFFFD", "ab"].forEach((s, i) => batch.set(db.doc(`strings/s${i}`), { s }));
    await batch.commit();
    const snapshot = await db.collection("strings").orderBy("s").get();
    expect(snapshot.docs.map((d) => d.get("s"))).toEqual(["Z", "a", "ab", "é", "\uFFFD", "😀"]);
  });
});

describe("cursors, limits and projections", () => {
  const byPop = () => db.collection("cities").orderBy("pop");

  it("starts and ends at values and snapshots", async () => {
    expect(await ids(byPop().startAt(690_000).endAt(3_900_000))).toEqual(["dc", "sf", "la"]);
    expect(await ids(byPop().startAfter(690_000).endBefore(3_900_000))).toEqual(["sf"]);
    const sf = await db.doc("cities/sf").get();
    expect(await ids(byPop().startAfter(sf).limit(2))).toEqual(["la", "tok"]);
  });

  it("pages with cursors on a non-unique field using the document name", async () => {
    const pageOne = await db.collection("cities").orderBy("state").limit(2).get();
    const last = pageOne.docs[pageOne.docs.length - 1];
    const pageTwo = await db.collection("cities").orderBy("state").startAfter(last).get();
    expect([...pageOne.docs, ...pageTwo.docs].map((d) => d.id)).toEqual(["tok", "la", "sac", "sf", "dc"]);
  });

  it("applies limit, limitToLast and offset", async () => {
    expect(await ids(byPop().limit(2))).toEqual(["sac", "dc"]);
    expect(await ids(byPop().limitToLast(2))).toEqual(["tok", "bj"]);
    expect(await ids(byPop().offset(4))).toEqual(["tok", "bj"]);
    expect(await ids(byPop().offset(1).limit(1))).toEqual(["dc"]);
  });

  it("returns only selected fields", async () => {
    const snapshot = await db.collection("cities").where("state", "==", "DC").select("name", "missing").get();
    expect(snapshot.docs[0]?.data()).toEqual({ name: "Washington" });
    const onlyIds = await db.collection("cities").select().limit(1).get();
    expect(onlyIds.docs[0]?.data()).toEqual({});
  });
});

describe("collection groups", () => {
  it("queries every collection with one id, at any depth", async () => {
    expect(await ids(db.collectionGroup("landmarks").orderBy("n"))).toEqual(["l1", "l2", "l3"]);
    expect(await ids(db.collectionGroup("landmarks").where("type", "==", "park"))).toEqual(["l1", "l3"]);
  });
});

describe("aggregations", () => {
  it("counts, sums and averages, honouring filters and limits", async () => {
    const ca = db.collection("cities").where("state", "==", "CA");
    const result = await ca
      .aggregate({
        count: AggregateField.count(),
        total: AggregateField.sum("pop"),
        mean: AggregateField.average("area"),
      })
      .get();
    expect(result.data()).toEqual({ count: 3, total: 5_285_000, mean: (121.4 + 1302 + 259) / 3 });
    expect((await db.collection("cities").limit(2).count().get()).data().count).toBe(2);
  });

  it("ignores non-numeric values and answers null for the average of nothing", async () => {
    const result = await db
      .collection("mixed")
      .aggregate({ total: AggregateField.sum("v"), mean: AggregateField.average("nothing") })
      .get();
    expect(result.data().total).toBeNaN();
    expect(result.data().mean).toBeNull();
    const empty = await db
      .collection("nothing")
      .aggregate({ total: AggregateField.sum("v") })
      .get();
    expect(empty.data().total).toBe(0);
  });
});
