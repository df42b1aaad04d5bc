import { randomUUID } from "node:crypto";
import { deleteApp, initializeApp, type App } from "firebase-admin/app";
import { getFirestore, type Firestore } from "firebase-admin/firestore";
import type { Change, DocumentSnapshot, FirestoreEvent } from "firebase-functions/v2/firestore";
import { onDocumentWritten } from "firebase-functions/v2/firestore";
import { doc, setDoc } from "firebase/firestore";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFirestoreEmulator, type FirestoreEmulator } from "../src/index.js";
import {
  startFunctionsReceiver,
  type FunctionsReceiver,
  type ReceivedEvent,
} from "@partner-api/function-triggers/functions-receiver";
import { closeWebClients, webClient } from "./support/web-client.js";

// The Functions emulator's part is played by a loopback receiver; each event is then run through
// firebase-functions' own onDocumentWritten, the decoder a deployed trigger uses.

const WRITTEN = "google.cloud.firestore.document.v1.written";
const CREATED = "google.cloud.firestore.document.v1.created";
const UPDATED = "google.cloud.firestore.document.v1.updated";
const DELETED = "google.cloud.firestore.document.v1.deleted";

let receiver: FunctionsReceiver;
let emulator: FirestoreEmulator;
let host: string;
const logged: string[] = [];
const apps: App[] = [];

beforeAll(async () => {
  process.env.METADATA_SERVER_DETECTION ??= "none";
  // firebase-functions opens its own firebase-admin app to build snapshots, and wants a project for it.
  process.env.GCLOUD_PROJECT ??= "demo-triggers";
  receiver = await startFunctionsReceiver();
  emulator = createFirestoreEmulator({
    port: 0,
    functionsEmulatorHost: receiver.host,
    log: (message) => logged.push(message),
  });
  await emulator.start();
  host = `${emulator.host}:${emulator.port}`;
});

afterAll(async () => {
  await closeWebClients();
  await Promise.all(apps.map((app) => deleteApp(app)));
  await emulator.stop();
  await receiver.close();
});

/** A fresh project (so triggers of other tests never fire) with an Admin SDK client. */
function project(): { projectId: string; db: Firestore } {
  const projectId = `demo-triggers-${randomUUID().slice(0, 8)}`;
  const app = initializeApp({ projectId }, projectId);
  apps.push(app);
  process.env.FIRESTORE_EMULATOR_HOST = host;
  try {
    return { projectId, db: getFirestore(app) };
  } finally {
    delete process.env.FIRESTORE_EMULATOR_HOST;
  }
}

/** Registers a trigger the way firebase-tools' Functions emulator does. */
async function register(
  projectId: string,
  key: string,
  eventType: string,
  document: string,
  matchType = "PATH_PATTERN",
  target = host,
): Promise<Response> {
  return fetch(
    `http://${target}/emulator/v1/projects/${projectId}/eventarcTrigger?eventarcTriggerId=${key}`,
    {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        eventType,
        database: "(default)",
        namespace: "(default)",
        document: { value: document, matchType },
      }),
    },
  );
}

/** The events received for one project so far, after waiting for at least `count` of them. */
async function eventsOf(projectId: string, count: number): Promise<ReceivedEvent[]> {
  for (;;) {
    const mine = receiver.received.filter((entry) => entry.projectId === projectId);
    if (mine.length >= count) return mine;
    await receiver.waitFor(receiver.received.length + 1);
  }
}

type WrittenEvent = FirestoreEvent<Change<DocumentSnapshot> | undefined, Record<string, string>>;

/** Runs a received event through firebase-functions' onDocumentWritten for `pattern`. */
async function decode(received: ReceivedEvent, pattern: string): Promise<WrittenEvent> {
  let seen: WrittenEvent | undefined;
  await onDocumentWritten(pattern, (event) => {
    seen = event;
  })(received.event as never);
  return seen as WrittenEvent;
}

describe("Firestore triggers posted to the Functions emulator", () => {
  it("posts a created document to the trigger's route as a binary CloudEvent that firebase-functions decodes, with its params", async () => {
    const { projectId, db } = project();
    expect(
      (await register(projectId, "us-central1-onItem-0", WRITTEN, "shops/{shopId}/items/{itemId}")).status,
    ).toBe(200);
    await db.doc("shops/s1/items/i1").set({ name: "tea", price: 350, tags: ["hot"] });

    const [received] = await eventsOf(projectId, 1);
    expect(received?.key).toBe("us-central1-onItem-0");
    expect(received?.headers).toMatchObject({
      "content-type": "application/protobuf",
      "ce-specversion": "1.0",
      "ce-type": WRITTEN,
      "ce-source": `//firestore.googleapis.com/projects/${projectId}/databases/(default)`,
      "ce-subject": "documents/shops/s1/items/i1",
      "ce-project": projectId,
      "ce-database": "(default)",
      "ce-namespace": "(default)",
      "ce-document": "shops/s1/items/i1",
    });
    const event = await decode(received as ReceivedEvent, "shops/{shopId}/items/{itemId}");
    expect(event.params).toEqual({ shopId: "s1", itemId: "i1" });
    expect(event.data?.before.exists).toBe(false);
    expect(event.data?.after.data()).toEqual({ name: "tea", price: 350, tags: ["hot"] });
    expect(event.data?.after.ref.path).toBe("shops/s1/items/i1");
  });

  it("gives an update the old and new document and a delete only the old one, on a written trigger", async () => {
    const { projectId, db } = project();
    await register(projectId, "written", WRITTEN, "items/{id}");
    const item = db.doc("items/a");
    await item.set({ n: 1, keep: "x" });
    await item.update({ n: 2 });
    await item.delete();

    const [created, updated, deleted] = await eventsOf(projectId, 3);
    const update = await decode(updated as ReceivedEvent, "items/{id}");
    expect(update.data?.before.data()).toEqual({ n: 1, keep: "x" });
    expect(update.data?.after.data()).toEqual({ n: 2, keep: "x" });
    const removal = await decode(deleted as ReceivedEvent, "items/{id}");
    expect(removal.data?.before.data()).toEqual({ n: 2, keep: "x" });
    expect(removal.data?.after.exists).toBe(false);
    const ids = [created, updated, deleted].map((entry) => entry?.event.id);
    expect(new Set(ids).size).toBe(3);
  });

  it("fires created, updated and deleted triggers only for their kind of change", async () => {
    const { projectId, db } = project();
    await register(projectId, "created", CREATED, "items/{id}");
    await register(projectId, "updated", UPDATED, "items/{id}");
    await register(projectId, "deleted", DELETED, "items/{id}");
    await db.doc("items/a").set({ n: 1 });
    await db.doc("items/a").set({ n: 2 });
    await db.doc("items/a").delete();

    const events = await eventsOf(projectId, 3);
    expect(events.map((entry) => [entry.key, entry.event.type])).toEqual([
      ["created", CREATED],
      ["updated", UPDATED],
      ["deleted", DELETED],
    ]);
  });

  it("matches exact documents and multi-segment wildcards, and posts nothing for other paths", async () => {
    const { projectId, db } = project();
    await register(projectId, "exact", WRITTEN, "config/main", "EXACT");
    await register(projectId, "deep", WRITTEN, "tenants/{tenant}/{rest=**}");
    await db.doc("config/other").set({ a: 1 });
    await db.doc("elsewhere/x").set({ a: 1 });
    await db.doc("tenants/t1/a/b/c/d").set({ a: 1 });
    await db.doc("config/main").set({ a: 1 });

    // Each trigger's events arrive in commit order, so anything for the earlier writes would come first.
    const events = await eventsOf(projectId, 2);
    expect(events.map((entry) => [entry.key, entry.event.document]).sort()).toEqual([
      ["deep", "tenants/t1/a/b/c/d"],
      ["exact", "config/main"],
    ]);
    const deep = events.find((entry) => entry.key === "deep") as ReceivedEvent;
    expect((await decode(deep, "tenants/{tenant}/{rest=**}")).params).toEqual({
      tenant: "t1",
      rest: "a/b/c/d",
    });
  });

  it("posts one event per changed document of a batch and of a transaction, in commit order, and none for a write that changes nothing", async () => {
    const { projectId, db } = project();
    await register(projectId, "all", WRITTEN, "items/{id}");
    const batch = db.batch();
    batch.set(db.doc("items/b1"), { n: 1 });
    batch.set(db.doc("items/b2"), { n: 1 });
    batch.set(db.doc("items/b1"), { n: 2 });
    await batch.commit();
    await db.doc("items/b2").set({ n: 1 });
    await db.runTransaction(async (transaction) => {
      const current = (await transaction.get(db.doc("items/b2"))).get("n") as number;
      transaction.set(db.doc("items/t1"), { from: current });
      transaction.update(db.doc("items/b2"), { n: current + 1 });
    });

    const events = await eventsOf(projectId, 4);
    expect(events.map((entry) => entry.event.document)).toEqual([
      "items/b1",
      "items/b2",
      "items/t1",
      "items/b2",
    ]);
    const first = await decode(events[0] as ReceivedEvent, "items/{id}");
    expect(first.data?.before.exists).toBe(false);
    expect(first.data?.after.data()).toEqual({ n: 2 });
    const last = await decode(events[3] as ReceivedEvent, "items/{id}");
    expect(last.data?.after.data()).toEqual({ n: 2 });
    expect(events[0]?.event.time).toBe(events[1]?.event.time);
  });

  it("fires for a client SDK's writes under the rules as for the Admin SDK's", async () => {
    const { projectId } = project();
    await register(projectId, "client", WRITTEN, "notes/{id}");
    await setDoc(doc(webClient(host, projectId, { uid: "u1" }), "notes/n1"), { text: "hi" });

    const [received] = await eventsOf(projectId, 1);
    expect((await decode(received as ReceivedEvent, "notes/{id}")).data?.after.data()).toEqual({
      text: "hi",
    });
  });

  it("answers the commit before the function has taken the event, and posts a trigger's events one at a time in commit order", async () => {
    const { projectId, db } = project();
    await register(projectId, "slow", WRITTEN, "items/{id}");
    receiver.answer = (entry) => (entry.projectId === projectId ? "hang" : 200);
    try {
      await db.doc("items/x").set({ n: 1 });
      await db.doc("items/x").set({ n: 2 });
      await db.doc("items/x").set({ n: 3 });
      // Every write was answered while the first event is still unanswered, and nothing else was posted.
      expect(await eventsOf(projectId, 1)).toHaveLength(1);
    } finally {
      receiver.answer = () => 200;
      receiver.release();
    }
    const events = await eventsOf(projectId, 3);
    const values = await Promise.all(
      events.map(async (entry) => (await decode(entry, "items/{id}")).data?.after.get("n") as number),
    );
    expect(values).toEqual([1, 2, 3]);
  });

  it("retries a post the Functions emulator does not take, with the same event id, and logs each failure", async () => {
    const { projectId, db } = project();
    await register(projectId, "flaky", WRITTEN, "items/{id}");
    let failures = 2;
    receiver.answer = (entry) => (entry.projectId === projectId && failures-- > 0 ? 503 : 200);
    try {
      await db.doc("items/r").set({ n: 1 });
      const events = await eventsOf(projectId, 3);
      expect(events.map((entry) => entry.event.id)).toEqual(Array(3).fill(events[0]?.event.id));
    } finally {
      receiver.answer = () => 200;
    }
    const mine = logged.filter((line) => line.startsWith("Trigger flaky:"));
    expect(mine.filter((line) => line.includes("failed (HTTP 503"))).toHaveLength(2);
  });

  it("delivers an event whose function threw again, after the trigger's newer events, when the function asks for retry", async () => {
    const { projectId, db } = project();
    await register(projectId, "us-central1-retrying-0", WRITTEN, "items/{id}");
    receiver.triggers.push({ id: "us-central1-retrying", eventTrigger: { eventType: WRITTEN, retry: true } });
    let failed = false;
    receiver.answer = (entry) => {
      if (entry.projectId !== projectId || failed) return 200;
      failed = true;
      return 500;
    };
    try {
      await db.doc("items/g1").set({ n: 1 });
      await db.doc("items/g2").set({ n: 1 });
      const events = await eventsOf(projectId, 3);
      expect(events.map((entry) => entry.event.document)).toEqual(["items/g1", "items/g2", "items/g1"]);
      expect(events[2]?.event.id).toBe(events[0]?.event.id);
    } finally {
      receiver.answer = () => 200;
    }
    expect(logged.filter((line) => line.startsWith("Trigger us-central1-retrying-0: event"))).toEqual([
      expect.stringMatching(/delivered again in \d+ ms \(retry: true\)/),
    ]);
  });

  it("logs and drops an event whose function threw when the function has no retry option, and goes on with the next", async () => {
    const { projectId, db } = project();
    await register(projectId, "throws", WRITTEN, "items/{id}");
    let first = true;
    receiver.answer = (entry) => {
      if (entry.projectId !== projectId || !first) return 200;
      first = false;
      return 500;
    };
    try {
      await db.doc("items/f1").set({ n: 1 });
      await db.doc("items/f2").set({ n: 1 });
      const events = await eventsOf(projectId, 2);
      expect(events.map((entry) => entry.event.document)).toEqual(["items/f1", "items/f2"]);
    } finally {
      receiver.answer = () => 200;
    }
    expect(logged.filter((line) => line.startsWith("Trigger throws: event"))).toEqual([
      expect.stringMatching(/dropped \(the function has no retry option\)/),
    ]);
    expect(receiver.received.filter((entry) => entry.projectId === projectId)).toHaveLength(2);
  });

  it("refuses a registration with an unknown event type or without a document, and any registration without a Functions emulator host", async () => {
    const { projectId } = project();
    const unknownType = await register(
      projectId,
      "k1",
      "google.cloud.firestore.document.v1.renamed",
      "a/{b}",
    );
    expect(unknownType.status).toBe(400);
    expect(await unknownType.json()).toMatchObject({ error: { status: "INVALID_ARGUMENT" } });
    expect((await register(projectId, "k2", WRITTEN, "")).status).toBe(400);

    const standalone = createFirestoreEmulator({ port: 0 });
    await standalone.start();
    try {
      const refused = await register(
        projectId,
        "k3",
        WRITTEN,
        "a/{b}",
        "PATH_PATTERN",
        `127.0.0.1:${standalone.port}`,
      );
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(
        /Functions emulator/,
      );
    } finally {
      await standalone.stop();
    }
  });
});
