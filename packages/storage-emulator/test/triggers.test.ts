import {
  startFunctionsReceiver,
  type FunctionsReceiver,
  type ReceivedEvent,
} from "@partner-api/function-triggers/functions-receiver";
import type { StorageEvent } from "firebase-functions/v2/storage";
import { onObjectDeleted, onObjectFinalized, onObjectMetadataUpdated } from "firebase-functions/v2/storage";
import {
  deleteObject,
  getDownloadURL,
  ref,
  updateMetadata,
  uploadBytes,
  uploadBytesResumable,
} from "firebase/storage";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { BUCKET, OPEN_RULES, patternBytes, startTestBed, type TestBed } from "./support/sdk.js";

// The Functions emulator's part is played by a loopback receiver; each event is then run through
// firebase-functions' own onObjectFinalized / onObjectDeleted / onObjectMetadataUpdated, the code a
// deployed trigger runs.

const PROJECT = "demo-storage-triggers";
const FINALIZED = "google.cloud.storage.object.v1.finalized";
const DELETED = "google.cloud.storage.object.v1.deleted";
const METADATA_UPDATED = "google.cloud.storage.object.v1.metadataUpdated";

let receiver: FunctionsReceiver;
let bed: TestBed | undefined;
const logged: string[] = [];

beforeAll(async () => {
  receiver = await startFunctionsReceiver();
});

afterEach(async () => {
  receiver.answer = () => 200;
  receiver.release();
  receiver.triggers = [];
  await bed?.close();
  bed = undefined;
});

afterAll(() => receiver.close());

/** A fresh emulator posting to the receiver, so no other test's triggers or objects are in play. */
async function emulator(): Promise<TestBed> {
  bed = await startTestBed({
    rules: OPEN_RULES,
    functionsEmulatorHost: receiver.host,
    log: (line) => logged.push(line),
  });
  receiver.received.length = 0;
  return bed;
}

/** Registers a trigger the way the stack does on the Functions emulator's behalf. */
function register(origin: string, key: string, eventType: string, bucket = BUCKET): Promise<Response> {
  return fetch(`${origin}/emulator/v1/projects/${PROJECT}/eventarcTrigger?eventarcTriggerId=${key}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ eventType, bucket }),
  });
}

/** The first `count` events received, once they have arrived. */
const eventsAfter = (count: number) => receiver.waitFor(count);

/** Runs a received event through the firebase-functions handler for its event type. */
async function decode(received: ReceivedEvent): Promise<StorageEvent> {
  let seen: StorageEvent | undefined;
  const handler = (event: StorageEvent) => {
    seen = event;
  };
  const wrap = {
    [FINALIZED]: onObjectFinalized,
    [DELETED]: onObjectDeleted,
    [METADATA_UPDATED]: onObjectMetadataUpdated,
  }[received.event.type];
  await wrap?.(BUCKET, handler)(received.event as never);
  return seen as StorageEvent;
}

describe("Storage triggers posted to the Functions emulator", () => {
  it("posts a finalized upload to the trigger's route as a structured CloudEvent, shaped as firebase-tools' Storage emulator sends it, which firebase-functions decodes", async () => {
    const { origin, anonymous } = await emulator();
    expect((await register(origin, "us-central1-onUpload-0", FINALIZED)).status).toBe(200);
    const file = ref(anonymous(), "docs/a b.pdf");
    await uploadBytes(file, patternBytes(1000), {
      contentType: "application/pdf",
      customMetadata: { originalName: "A.pdf" },
    });
    const token = new URL(await getDownloadURL(file)).searchParams.get("token");

    const [received] = await eventsAfter(1);
    expect(received?.projectId).toBe(PROJECT);
    expect(received?.key).toBe("us-central1-onUpload-0");
    expect(received?.headers["content-type"]).toBe("application/cloudevents+json; charset=UTF-8");
    const event = received?.event as ReceivedEvent["event"];
    expect(Object.keys(event).sort()).toEqual(["data", "id", "source", "specversion", "time", "type"]);
    expect(event).toMatchObject({
      specversion: "1.0",
      type: FINALIZED,
      source: `//storage.googleapis.com/projects/_/buckets/${BUCKET}/objects/docs/a b.pdf`,
    });
    const data = event.data as Record<string, unknown>;
    expect(Object.keys(data).sort()).toEqual(
      [
        "kind",
        "name",
        "bucket",
        "generation",
        "metageneration",
        "contentType",
        "contentDisposition",
        "timeCreated",
        "updated",
        "storageClass",
        "size",
        "md5Hash",
        "etag",
        "metadata",
        "crc32c",
        "timeStorageClassUpdated",
        "id",
        "selfLink",
        "mediaLink",
      ].sort(),
    );
    expect(data).toMatchObject({
      kind: "storage#object",
      name: "docs/a b.pdf",
      bucket: BUCKET,
      metageneration: "1",
      size: "1000",
      storageClass: "STANDARD",
      metadata: { originalName: "A.pdf", firebaseStorageDownloadTokens: token },
      id: `${BUCKET}/docs/a b.pdf/${data.generation as string}`,
      selfLink: `${origin}/storage/v1/b/${BUCKET}/o/docs%2Fa%20b.pdf`,
      mediaLink: `${origin}/download/storage/v1/b/${BUCKET}/o/docs%2Fa%20b.pdf?generation=${data.generation as string}&alt=media`,
    });
    expect(event.time).toBe(data.updated);

    const decoded = await decode(received as ReceivedEvent);
    expect(decoded.id).toBe(event.id);
    expect(decoded.data).toMatchObject({
      name: "docs/a b.pdf",
      contentType: "application/pdf",
      size: "1000",
    });
  });

  it("fires finalized, metadataUpdated and deleted triggers each for its own kind of change, and only for its bucket", async () => {
    const { origin, anonymous } = await emulator();
    await register(origin, "finalized-0", FINALIZED);
    await register(origin, "updated-0", METADATA_UPDATED);
    await register(origin, "deleted-0", DELETED);
    await register(origin, "elsewhere-0", FINALIZED, "another-bucket");
    const file = ref(anonymous(), "a.txt");
    await uploadBytes(file, patternBytes(10), { contentType: "text/plain" });
    await updateMetadata(file, { cacheControl: "no-store" });
    await deleteObject(file);

    const events = await eventsAfter(3);
    expect(events.map((entry) => [entry.key, entry.event.type])).toEqual([
      ["finalized-0", FINALIZED],
      ["updated-0", METADATA_UPDATED],
      ["deleted-0", DELETED],
    ]);
    const updated = await decode(events[1] as ReceivedEvent);
    expect(updated.data).toMatchObject({ metageneration: "2", cacheControl: "no-store" });
    const deleted = await decode(events[2] as ReceivedEvent);
    expect(deleted.data).toMatchObject({ name: "a.txt", metageneration: "2" });
  });

  it("reports an overwrite as the old generation deleted and the new one finalized, as Cloud Storage does without versioning", async () => {
    const { origin, anonymous } = await emulator();
    await register(origin, "finalized-0", FINALIZED);
    await register(origin, "deleted-0", DELETED);
    const file = ref(anonymous(), "b.txt");
    await uploadBytes(file, patternBytes(5));
    await new Promise((resolve) => setTimeout(resolve, 2));
    await uploadBytes(file, patternBytes(7));

    const events = await eventsAfter(3);
    const generations = events.map((entry) => [
      entry.event.type,
      (entry.event.data as { generation: string; size: string }).size,
    ]);
    expect(generations).toEqual([
      [FINALIZED, "5"],
      [DELETED, "5"],
      [FINALIZED, "7"],
    ]);
  });

  it("fires once when a resumable upload finalizes, and never for a write the rules refuse", async () => {
    const { origin, anonymous, emulator: storage } = await emulator();
    await register(origin, "finalized-0", FINALIZED);
    const bytes = patternBytes(600 * 1024);
    await uploadBytesResumable(ref(anonymous(), "big.bin"), bytes);
    storage.loadRules(`rules_version = '2';
service firebase.storage { match /b/{bucket}/o { match /{all=**} { allow read; } } }`);
    await expect(uploadBytes(ref(anonymous(), "refused.bin"), patternBytes(3))).rejects.toMatchObject({
      status: 403,
    });
    storage.loadRules(OPEN_RULES);
    await uploadBytes(ref(anonymous(), "after.bin"), patternBytes(3));

    const events = await eventsAfter(2);
    expect(events.map((entry) => (entry.event.data as { name: string }).name)).toEqual([
      "big.bin",
      "after.bin",
    ]);
    expect((events[0]?.event.data as { size: string }).size).toBe(String(bytes.length));
  });

  it("answers the write before the function has taken the event, and posts a trigger's events one at a time in order", async () => {
    const { origin, anonymous } = await emulator();
    await register(origin, "slow-0", FINALIZED);
    receiver.answer = () => "hang";
    const storage = anonymous();
    for (const name of ["1", "2", "3"]) await uploadBytes(ref(storage, name), patternBytes(1));
    // Every upload was answered while the first event is still unanswered, and nothing else was posted.
    expect(receiver.received).toHaveLength(1);
    receiver.answer = () => 200;
    receiver.release();

    const events = await eventsAfter(3);
    expect(events.map((entry) => (entry.event.data as { name: string }).name)).toEqual(["1", "2", "3"]);
  });

  it("retries a post the Functions emulator does not take, with the same event id, until it does", async () => {
    const { origin, anonymous } = await emulator();
    await register(origin, "flaky-0", FINALIZED);
    let refusals = 2;
    receiver.answer = () => (refusals-- > 0 ? 503 : 200);
    await uploadBytes(ref(anonymous(), "r.txt"), patternBytes(1));

    const events = await eventsAfter(3);
    expect(events.map((entry) => entry.event.id)).toEqual(Array(3).fill(events[0]?.event.id));
    const failures = logged.filter((line) => line.includes(`event ${events[0]?.event.id as string} failed`));
    expect(failures).toEqual(Array(2).fill(expect.stringContaining("HTTP 503")));
  });

  it("delivers an event again after its function throws only if the function asked for retry", async () => {
    const { origin, anonymous } = await emulator();
    await register(origin, "us-central1-retried-0", FINALIZED);
    await register(origin, "us-central1-dropped-0", DELETED);
    receiver.triggers = [
      { id: "us-central1-retried", eventTrigger: { eventType: FINALIZED, retry: true } },
      { id: "us-central1-dropped", eventTrigger: { eventType: DELETED, retry: false } },
    ];
    const thrown = new Set<string>();
    // Each function throws on its first event only.
    receiver.answer = (entry) => (thrown.has(entry.key) ? 200 : (thrown.add(entry.key), 500));
    const file = ref(anonymous(), "t.txt");
    await uploadBytes(file, patternBytes(1));
    await deleteObject(file);

    const events = await eventsAfter(3);
    const retried = events.filter((entry) => entry.key === "us-central1-retried-0");
    expect(retried).toHaveLength(2);
    expect(retried[1]?.event.id).toBe(retried[0]?.event.id);
    expect(events.filter((entry) => entry.key === "us-central1-dropped-0")).toHaveLength(1);
    expect(logged).toEqual(
      expect.arrayContaining([expect.stringMatching(/us-central1-dropped-0: event \S+ dropped/)]),
    );
  });

  it("lets a reload's registration of a function replace the previous generation's", async () => {
    const { origin, anonymous, emulator: storage } = await emulator();
    await register(origin, "us-central1-onUpload-0", FINALIZED);
    await register(origin, "us-central1-onUpload-1", FINALIZED);
    await uploadBytes(ref(anonymous(), "g.txt"), patternBytes(1));

    const [received] = await eventsAfter(1);
    expect(received?.key).toBe("us-central1-onUpload-1");
    expect(storage.triggers(PROJECT).map((trigger) => trigger.key)).toEqual(["us-central1-onUpload-1"]);
  });

  it("refuses a registration it cannot serve with 400, and any registration without a Functions emulator", async () => {
    const { origin } = await emulator();
    expect((await register(origin, "x-0", "google.cloud.firestore.document.v1.written")).status).toBe(400);
    expect((await register(origin, "x-0", FINALIZED, "")).status).toBe(400);
    expect((await register(origin, "", FINALIZED)).status).toBe(400);
    await bed?.close();
    bed = await startTestBed({ rules: OPEN_RULES });
    const refused = await register(bed.origin, "x-0", FINALIZED);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: { message: expect.stringContaining("Functions") } });
  });
});
