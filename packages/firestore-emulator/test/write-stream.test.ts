import {
  deleteDoc,
  doc,
  getDoc,
  runTransaction,
  serverTimestamp,
  setDoc,
  updateDoc,
  writeBatch,
  type Firestore as WebFirestore,
} from "firebase/firestore";
import type { Firestore } from "firebase-admin/firestore";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { drain, rawClient, received, type RawClient } from "./support/raw-client.js";
import { openTarget, type Target } from "./support/target.js";
import { closeWebClients, webClient } from "./support/web-client.js";

const NOT_FOUND = 5;
const INVALID_ARGUMENT = 3;

let target: Target;
let admin: Firestore;
let web: WebFirestore;
let raw: RawClient;

beforeAll(async () => {
  target = await openTarget("write-stream");
  admin = target.client();
  web = webClient(target.host, target.projectId);
  raw = rawClient(target.host);
});
afterAll(async () => {
  raw.close();
  await closeWebClients();
  await target.close();
});
beforeEach(() => target.clear());

describe("the Firebase JS SDK's writes over the Write stream", () => {
  it("applies setDoc, updateDoc and deleteDoc, each acknowledged", async () => {
    await setDoc(doc(web, "notes/a"), { text: "hello", n: 1 });
    await updateDoc(doc(web, "notes/a"), { n: 2 });
    await setDoc(doc(web, "notes/b"), { text: "gone" });
    await deleteDoc(doc(web, "notes/b"));
    expect((await admin.doc("notes/a").get()).data()).toEqual({ text: "hello", n: 2 });
    expect((await admin.doc("notes/b").get()).exists).toBe(false);
  });

  it("commits a batch atomically, server timestamps at the commit time", async () => {
    const batch = writeBatch(web);
    batch.set(doc(web, "notes/x"), { at: serverTimestamp() });
    batch.set(doc(web, "notes/y"), { at: serverTimestamp() });
    await batch.commit();
    const [x, y] = await Promise.all([admin.doc("notes/x").get(), admin.doc("notes/y").get()]);
    expect(x.get("at").isEqual(y.get("at"))).toBe(true);
    expect(x.updateTime?.toMillis()).toBe(y.updateTime?.toMillis());
    expect(x.get("at").toMillis()).toBe(x.updateTime?.toMillis());
    expect(x.get("at").nanoseconds).toBe(x.updateTime?.nanoseconds);
  });

  it("applies pipelined writes in the order they were made", async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => setDoc(doc(web, "notes/seq"), { i })));
    expect((await admin.doc("notes/seq").get()).get("i")).toBe(19);
  });

  it("rejects an update of a missing document with NOT_FOUND, and the next write still lands", async () => {
    await expect(updateDoc(doc(web, "notes/missing"), { n: 1 })).rejects.toMatchObject({ code: "not-found" });
    await setDoc(doc(web, "notes/after"), { ok: true });
    expect((await admin.doc("notes/missing").get()).exists).toBe(false);
    expect((await admin.doc("notes/after").get()).get("ok")).toBe(true);
  });
});

describe("transactions of the Firebase JS SDK", () => {
  it("commits a transaction that reads one document and writes another (a verify write)", async () => {
    await admin.doc("accounts/a").set({ balance: 10 });
    await runTransaction(web, async (transaction) => {
      const a = await transaction.get(doc(web, "accounts/a"));
      transaction.set(doc(web, "accounts/b"), { copied: a.get("balance") });
    });
    expect((await admin.doc("accounts/b").get()).get("copied")).toBe(10);
    expect((await admin.doc("accounts/a").get()).get("balance")).toBe(10);
  });

  it("reads a missing document in a transaction and creates it", async () => {
    await runTransaction(web, async (transaction) => {
      const counter = await transaction.get(doc(web, "counters/c"));
      transaction.set(doc(web, "counters/c"), { n: (counter.exists() ? counter.get("n") : 0) + 1 });
    });
    expect((await getDoc(doc(web, "counters/c"))).get("n")).toBe(1);
  });
});

describe("the Write stream on the wire", () => {
  const database = () => `projects/${target.projectId}/databases/(default)`;
  const name = (path: string) => `${database()}/documents/${path}`;
  const set = (path: string, n: number) => ({
    update: { name: name(path), fields: { n: { integerValue: n } } },
  });

  it("answers the handshake with a stream id and token, then each batch with a new token, its commit time and one result per write", async () => {
    const stream = raw.stream("Write", "owner");
    const { messages, ended } = drain(stream);
    stream.write({ database: database() });
    await received(messages, 1);
    const handshake = messages[0] as { streamId: string; streamToken: Buffer; writeResults: unknown[] };
    expect(handshake.streamId).not.toBe("");
    expect(handshake.streamToken.length).toBeGreaterThan(0);
    expect(handshake.writeResults ?? []).toEqual([]);
    stream.write({ streamToken: handshake.streamToken, writes: [set("w/a", 1), set("w/b", 2)] });
    stream.write({ streamToken: handshake.streamToken, writes: [set("w/a", 3)] });
    await received(messages, 3);
    const [first, second] = messages.slice(1) as {
      streamToken: Buffer;
      writeResults: unknown[];
      commitTime: { seconds: string; nanos: number };
    }[];
    expect(first?.writeResults).toHaveLength(2);
    expect(second?.writeResults).toHaveLength(1);
    expect(new Set([handshake.streamToken, first?.streamToken, second?.streamToken].map(String)).size).toBe(
      3,
    );
    const micros = (t?: { seconds: string; nanos: number }) =>
      BigInt(t?.seconds ?? 0) * 1_000_000n + BigInt((t?.nanos ?? 0) / 1000);
    expect(micros(second?.commitTime) > micros(first?.commitTime)).toBe(true);
    stream.end();
    expect((await ended).code).toBe(0);
    expect((await admin.doc("w/a").get()).get("n")).toBe(3);
  });

  it("ends the stream at a failing batch, applying nothing of it and nothing queued behind it", async () => {
    const stream = raw.stream("Write", "owner");
    const { messages, ended } = drain(stream);
    stream.write({ database: database() });
    await received(messages, 1);
    const token = (messages[0] as { streamToken: Buffer }).streamToken;
    const missingUpdate = { ...set("w/missing", 1), currentDocument: { exists: true } };
    stream.write({ streamToken: token, writes: [set("w/ok", 1)] });
    stream.write({ streamToken: token, writes: [set("w/partial", 1), missingUpdate] });
    stream.write({ streamToken: token, writes: [set("w/behind", 1)] });
    const status = await ended;
    expect(status.code).toBe(NOT_FOUND);
    expect(messages).toHaveLength(2);
    expect((await admin.doc("w/ok").get()).exists).toBe(true);
    expect((await admin.doc("w/partial").get()).exists).toBe(false);
    expect((await admin.doc("w/behind").get()).exists).toBe(false);
  });

  it("refuses writes before the handshake with INVALID_ARGUMENT", async () => {
    const stream = raw.stream("Write", "owner");
    const { messages, ended } = drain(stream);
    stream.write({ database: database(), writes: [set("w/early", 1)] });
    expect((await ended).code).toBe(INVALID_ARGUMENT);
    expect(messages).toEqual([]);
    expect((await admin.doc("w/early").get()).exists).toBe(false);
  });
});
