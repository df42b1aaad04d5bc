import {
  collection,
  collectionGroup,
  doc,
  getDoc,
  getDocs,
  limit,
  onSnapshot,
  query,
  runTransaction,
  serverTimestamp,
  setDoc,
  where,
  writeBatch,
  type DocumentSnapshot,
} from "firebase/firestore";
import type { Firestore } from "firebase-admin/firestore";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { rawClient, type RawClient } from "./support/raw-client.js";
import { lineOf, putRules, rulesBody } from "./support/rules-loader.js";
import { openTarget, type Target } from "./support/target.js";
import { mockIdToken } from "./support/tokens.js";
import { closeWebClients, webClient } from "./support/web-client.js";

const PERMISSION_DENIED = 7;
const UNAUTHENTICATED = 16;
const INVALID_ARGUMENT = 3;

const RULES = `rules_version = '2';
service cloud.firestore {
  match /databases/{database}/documents {
    match /open/{id} {
      allow read, write: if true;
    }
    match /owned/{uid} {
      allow get: if request.auth.uid == uid;
      allow create: if request.auth.uid == uid && request.resource.data.at == request.time;
      allow update: if request.auth.uid == uid && resource.data.locked == false;
    }
    match /posts/{id} {
      allow get: if resource.data.public == true;
      allow list: if request.query.limit <= 10 && resource.data.public == true;
    }
    match /pairs/{id} {
      allow create: if !exists(/databases/$(database)/documents/pairs/$(request.resource.data.other))
        && getAfter(/databases/$(database)/documents/pairs/$(request.resource.data.other)).data.other == id;
    }
    match /staff/{id} {
      allow read: if request.auth.token.role == 'admin';
    }
    match /{path=**}/reviews/{id} {
      allow list: if true;
    }
    match /club/{id} {
      allow read: if get(/databases/$(database)/documents/members/$(request.auth.uid)).data.active == true;
    }
  }
}
`;
const L = (text: string) => lineOf(RULES, text);

let target: Target;
let admin: Firestore;
let raw: RawClient;
const alice = () => webClient(target.host, target.projectId, { uid: "alice" });

beforeAll(async () => {
  target = await openTarget("security-rules");
  admin = target.client();
  raw = rawClient(target.host);
  expect(await putRules(target.host, target.projectId, rulesBody(RULES))).toEqual({
    status: 200,
    body: { issues: [] },
  });
});
afterAll(async () => {
  raw.close();
  await closeWebClients();
  await target.close();
});
beforeEach(async () => {
  await target.clear();
  await admin.doc("posts/public").set({ public: true });
  await admin.doc("posts/secret").set({ public: false });
  await admin.doc("owned/alice").set({ locked: false });
});

describe("loading rules over HTTP", () => {
  it("answers 400 with the line, column and description of a syntax error, and keeps the rules in force", async () => {
    const broken = "rules_version = '2';\nservice cloud.firestore {\n  match /x { allow read: if ; }\n}\n";
    const answer = await putRules(target.host, target.projectId, rulesBody(broken));
    expect(answer.status).toBe(400);
    const issues = (answer.body as { issues: { sourcePosition: { line: number; column: number } }[] }).issues;
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      sourcePosition: { line: 3 },
      severity: "ERROR",
      description: expect.any(String),
    });
    await expect(getDoc(doc(alice(), "posts/secret"))).rejects.toMatchObject({ code: "permission-denied" });
  });

  it("answers 200 with the issues under firebase-tools' ignore_errors, with name, changing nothing", async () => {
    const body = {
      ignore_errors: true,
      rules: { files: [{ name: "security.rules", content: "service {" }] },
    };
    const answer = await putRules(target.host, target.projectId, body);
    expect(answer.status).toBe(200);
    expect((answer.body as { issues: unknown[] }).issues).toEqual([
      expect.objectContaining({ sourcePosition: expect.objectContaining({ fileName: "security.rules" }) }),
    ]);
    await expect(getDoc(doc(alice(), "posts/secret"))).rejects.toMatchObject({ code: "permission-denied" });
  });

  it("answers 400 for a body that is not a rules upload, and 405 for another method", async () => {
    expect((await putRules(target.host, target.projectId, "not json")).status).toBe(400);
    expect((await putRules(target.host, target.projectId, { rules: { files: [] } })).status).toBe(400);
    const url = `http://${target.host}/emulator/v1/projects/${target.projectId}:securityRules`;
    const get = await fetch(url);
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("PUT");
  });

  it("allows everything in a project without loaded rules", async () => {
    const projectId = `${target.projectId}-norules`;
    const db = webClient(target.host, projectId, null);
    await setDoc(doc(db, "anything/x"), { n: 1 });
    expect((await getDoc(doc(db, "anything/x"))).get("n")).toBe(1);
  });
});

describe("who is asking", () => {
  it("judges a request without a token with request.auth null (a Null value error)", async () => {
    const outcome = await raw.call("BatchGetDocuments", {
      database: `projects/${target.projectId}/databases/(default)`,
      documents: [`projects/${target.projectId}/databases/(default)/documents/owned/alice`],
    });
    expect(outcome.code).toBe(PERMISSION_DENIED);
    expect(outcome.details).toBe(`Null value error. for 'get' @ L${L("allow get: if request.auth.uid")}`);
    expect(outcome.messages).toEqual([]);
  });

  it("takes the uid from an unsigned mock token expired in 1970, and its claims as request.auth.token", async () => {
    const name = `projects/${target.projectId}/databases/(default)/documents/owned/alice`;
    const database = `projects/${target.projectId}/databases/(default)`;
    const asAlice = await raw.call(
      "BatchGetDocuments",
      { database, documents: [name] },
      mockIdToken("alice"),
    );
    expect(asAlice.code).toBe(0);
    expect(asAlice.messages[0]).toHaveProperty("found");
    await admin.doc("staff/s1").set({ name: "Sam" });
    const staff = `projects/${target.projectId}/databases/(default)/documents/staff/s1`;
    const asAdmin = await raw.call(
      "BatchGetDocuments",
      { database, documents: [staff] },
      mockIdToken("bob", { role: "admin" }),
    );
    expect(asAdmin.code).toBe(0);
    const asUser = await raw.call("BatchGetDocuments", { database, documents: [staff] }, mockIdToken("bob"));
    expect(asUser.code).toBe(PERMISSION_DENIED);
    expect(asUser.details).toBe(
      `Property role is undefined on object. for 'get' @ L${L("request.auth.token.role")}`,
    );
  });

  it("lets the owner token bypass the rules", async () => {
    const database = `projects/${target.projectId}/databases/(default)`;
    const outcome = await raw.call(
      "BatchGetDocuments",
      { database, documents: [`${database}/documents/posts/secret`] },
      "owner",
    );
    expect(outcome.code).toBe(0);
  });

  it("refuses a token that is neither owner, Google credentials nor a Firebase ID token with UNAUTHENTICATED", async () => {
    const database = `projects/${target.projectId}/databases/(default)`;
    const outcome = await raw.call(
      "BatchGetDocuments",
      { database, documents: [`${database}/documents/open/x`] },
      "garbage",
    );
    expect(outcome.code).toBe(UNAUTHENTICATED);
  });
});

describe("reads", () => {
  it("allows a get the rules grant and denies one they refuse, through a listener-backed getDoc", async () => {
    const db = alice();
    expect((await getDoc(doc(db, "posts/public"))).get("public")).toBe(true);
    await expect(getDoc(doc(db, "posts/secret"))).rejects.toMatchObject({ code: "permission-denied" });
  });

  it("judges a query as list with its where-clauses and limit as request.query (rules are not filters)", async () => {
    const db = alice();
    const posts = collection(db, "posts");
    const allowed = await getDocs(query(posts, where("public", "==", true), limit(10)));
    expect(allowed.docs.map((d) => d.id)).toEqual(["public"]);
    await expect(getDocs(query(posts, where("public", "==", true), limit(11)))).rejects.toMatchObject({
      code: "permission-denied",
    });
    await expect(getDocs(query(posts, limit(5)))).rejects.toMatchObject({ code: "permission-denied" });
  });

  it("ends a denied RunQuery with PERMISSION_DENIED and the official detail", async () => {
    const database = `projects/${target.projectId}/databases/(default)`;
    const outcome = await raw.call(
      "RunQuery",
      {
        parent: `${database}/documents`,
        structuredQuery: { from: [{ collectionId: "posts" }], limit: { value: 20 } },
      },
      mockIdToken("alice"),
    );
    expect(outcome.code).toBe(PERMISSION_DENIED);
    expect(outcome.details).toBe(`false for 'list' @ L${L("allow list:")}`);
    expect(outcome.messages).toEqual([]);
  });

  it("answers INVALID_ARGUMENT, never a retried code, for a query the rules cannot judge", async () => {
    const database = `projects/${target.projectId}/databases/(default)`;
    const inFilter = (field: string) => ({
      fieldFilter: {
        field: { fieldPath: field },
        op: "IN",
        value: { arrayValue: { values: Array.from({ length: 11 }, (_, i) => ({ integerValue: i })) } },
      },
    });
    const outcome = await raw.call(
      "RunQuery",
      {
        parent: `${database}/documents`,
        structuredQuery: {
          from: [{ collectionId: "posts" }],
          where: { compositeFilter: { op: "AND", filters: [inFilter("a"), inFilter("b"), inFilter("c")] } },
          limit: { value: 5 },
        },
      },
      mockIdToken("alice"),
    );
    expect(outcome.code).toBe(INVALID_ARGUMENT);
    expect(outcome.messages).toEqual([]);
  });

  it("judges RunAggregationQuery as list", async () => {
    const database = `projects/${target.projectId}/databases/(default)`;
    const count = (limitValue: number) => ({
      parent: `${database}/documents`,
      structuredAggregationQuery: {
        structuredQuery: {
          from: [{ collectionId: "posts" }],
          where: {
            fieldFilter: { field: { fieldPath: "public" }, op: "EQUAL", value: { booleanValue: true } },
          },
          limit: { value: limitValue },
        },
        aggregations: [{ alias: "n", count: {} }],
      },
    });
    expect((await raw.call("RunAggregationQuery", count(10), mockIdToken("alice"))).code).toBe(0);
    const denied = await raw.call("RunAggregationQuery", count(50), mockIdToken("alice"));
    expect(denied.code).toBe(PERMISSION_DENIED);
  });
});

describe("collection-group queries", () => {
  it("denies a collection group that only a non-recursive match names, though the collection itself is open", async () => {
    await admin.doc("open/a").set({ n: 1 });
    expect((await getDocs(collection(alice(), "open"))).size).toBe(1);
    await expect(getDocs(collectionGroup(alice(), "open"))).rejects.toMatchObject({
      code: "permission-denied",
    });
    const outcome = await raw.call(
      "RunQuery",
      {
        parent: `projects/${target.projectId}/databases/(default)/documents`,
        structuredQuery: { from: [{ collectionId: "open", allDescendants: true }] },
      },
      mockIdToken("alice"),
    );
    expect(outcome.code).toBe(PERMISSION_DENIED);
    expect(outcome.messages).toEqual([]);
  });

  it("allows a collection group through a {path=**} match", async () => {
    await admin.doc("open/a/reviews/r1").set({ n: 1 });
    expect((await getDocs(collectionGroup(alice(), "reviews"))).docs.map((d) => d.id)).toEqual(["r1"]);
  });
});

describe("listeners", () => {
  it("ends an open query listen when a document its rules get() changes to deny it, and sends nothing after", async () => {
    await admin.doc("members/alice").set({ active: true });
    await admin.doc("club/c1").set({ n: 1 });
    const db = alice();
    const seen: string[][] = [];
    const ended = new Promise<{ code: string }>((resolve) =>
      onSnapshot(collection(db, "club"), (snapshot) => seen.push(snapshot.docs.map((d) => d.id)), resolve),
    );
    await vi.waitFor(() => expect(seen).toEqual([["c1"]]));
    await admin.doc("members/alice").update({ active: false });
    expect(await ended).toMatchObject({ code: "permission-denied" });
    // A later change on the same stream arrives after anything the ended target would have been sent.
    const open: number[] = [];
    onSnapshot(
      doc(db, "open/live"),
      (snapshot) => open.push(snapshot.get("n") as number),
      () => undefined,
    );
    await admin.doc("club/c2").set({ n: 2 });
    await admin.doc("open/live").set({ n: 1 });
    await vi.waitFor(() => expect(open).toContain(1));
    expect(seen).toEqual([["c1"]]);
  });

  it("ends an open document listen the same way, and keeps a listen the rules still allow", async () => {
    await admin.doc("members/alice").set({ active: true });
    await admin.doc("club/c1").set({ n: 1 });
    const db = alice();
    const ended = new Promise<{ code: string }>((resolve) =>
      onSnapshot(doc(db, "club/c1"), () => undefined, resolve),
    );
    const open: number[] = [];
    onSnapshot(
      doc(db, "open/live"),
      (snapshot) => open.push(snapshot.get("n") as number),
      () => undefined,
    );
    await admin.doc("open/live").set({ n: 1 });
    await vi.waitFor(() => expect(open).toContain(1));
    await admin.doc("members/alice").set({ active: false });
    expect(await ended).toMatchObject({ code: "permission-denied" });
    await admin.doc("open/live").set({ n: 2 });
    await vi.waitFor(() => expect(open).toContain(2));
  });

  it("removes a denied listen target with its cause and keeps serving the stream's other targets", async () => {
    const db = alice();
    const denied = new Promise<{ code: string }>((resolve) =>
      onSnapshot(doc(db, "posts/secret"), () => undefined, resolve),
    );
    expect(await denied).toMatchObject({ code: "permission-denied" });
    const seen: DocumentSnapshot[] = [];
    const unsubscribe = onSnapshot(doc(db, "open/live"), (snapshot) => seen.push(snapshot));
    await admin.doc("open/live").set({ n: 1 });
    while (!seen.some((s) => s.get("n") === 1)) await new Promise((resolve) => setTimeout(resolve, 10));
    unsubscribe();
    expect(seen.at(-1)?.get("n")).toBe(1);
  });
});

describe("writes", () => {
  it("allows a create whose server timestamp equals request.time, and denies a client-chosen time", async () => {
    const db = webClient(target.host, target.projectId, { uid: "carol" });
    await setDoc(doc(db, "owned/carol"), { at: serverTimestamp() });
    expect((await admin.doc("owned/carol").get()).exists).toBe(true);
    const dave = webClient(target.host, target.projectId, { uid: "dave" });
    await expect(setDoc(doc(dave, "owned/dave"), { at: new Date() })).rejects.toMatchObject({
      code: "permission-denied",
      message: expect.stringContaining(`false for 'create' @ L${L("allow create: if request.auth.uid")}`),
    });
    expect((await admin.doc("owned/dave").get()).exists).toBe(false);
  });

  it("judges a set over an existing document as update, with resource the stored document", async () => {
    const db = alice();
    await setDoc(doc(db, "owned/alice"), { locked: true });
    await expect(setDoc(doc(db, "owned/alice"), { locked: false })).rejects.toMatchObject({
      code: "permission-denied",
    });
    expect((await admin.doc("owned/alice").get()).get("locked")).toBe(true);
  });

  it("denies a batch as a whole when one write is refused, and the next allowed write still lands", async () => {
    const db = alice();
    const batch = writeBatch(db);
    batch.set(doc(db, "open/first"), { n: 1 });
    batch.set(doc(db, "owned/bob"), { at: serverTimestamp() });
    await expect(batch.commit()).rejects.toMatchObject({ code: "permission-denied" });
    await setDoc(doc(db, "open/after"), { n: 2 });
    expect((await admin.doc("open/first").get()).exists).toBe(false);
    expect((await admin.doc("open/after").get()).get("n")).toBe(2);
  });

  it("lets getAfter see the whole batch and exists the state before it", async () => {
    const db = alice();
    const pair = writeBatch(db);
    pair.set(doc(db, "pairs/a"), { other: "b" });
    pair.set(doc(db, "pairs/b"), { other: "a" });
    await pair.commit();
    expect((await admin.doc("pairs/a").get()).exists).toBe(true);
    await expect(setDoc(doc(db, "pairs/c"), { other: "a" })).rejects.toMatchObject({
      code: "permission-denied",
    });
    expect((await admin.doc("pairs/c").get()).exists).toBe(false);
  });

  it("ends a denied Commit with PERMISSION_DENIED and applies nothing", async () => {
    const database = `projects/${target.projectId}/databases/(default)`;
    const outcome = await raw.call(
      "Commit",
      {
        database,
        writes: [
          { update: { name: `${database}/documents/open/c1`, fields: {} } },
          { delete: `${database}/documents/owned/alice` },
        ],
      },
      mockIdToken("alice"),
    );
    expect(outcome.code).toBe(PERMISSION_DENIED);
    expect(outcome.details).toBe("Missing or insufficient permissions.");
    expect((await admin.doc("open/c1").get()).exists).toBe(false);
    expect((await admin.doc("owned/alice").get()).exists).toBe(true);
  });

  it("fails a transaction that reads a denied document, writing nothing", async () => {
    const db = alice();
    await expect(
      runTransaction(db, async (transaction) => {
        await transaction.get(doc(db, "posts/secret"));
        transaction.set(doc(db, "open/t"), { n: 1 });
      }),
    ).rejects.toMatchObject({ code: "permission-denied" });
    expect((await admin.doc("open/t").get()).exists).toBe(false);
  });

  it("commits a transaction the rules allow, its verify judged as a get", async () => {
    const db = alice();
    await runTransaction(db, async (transaction) => {
      const post = await transaction.get(doc(db, "posts/public"));
      transaction.set(doc(db, "open/t2"), { copied: post.get("public") });
    });
    expect((await admin.doc("open/t2").get()).get("copied")).toBe(true);
  });
});
