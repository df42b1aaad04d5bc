import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createFirestoreEmulator, type FirestoreEmulator } from "@partner-api/firestore-emulator";
import { Firestore } from "firebase-admin/firestore";
import { afterAll, beforeAll } from "vitest";

/** The index configuration `firebase deploy` uses (firebase.json's firestore.indexes). */
const INDEXES_FILE = join(__dirname, "../../../firestore.indexes.json");

/**
 * For a contract suite: starts the embedded Firestore emulator in this process (on a free port) before
 * the file's tests and stops it after, with an Admin SDK client on a project of its own. Returns the
 * client's getter, valid once the suite's tests run. The project's firestore.indexes.json is enforced, so
 * a repository query that production could not serve fails its contract test.
 */
export function useEmbeddedFirestore(): () => Firestore {
  let emulator: FirestoreEmulator | undefined;
  let firestore: Firestore | undefined;
  beforeAll(async () => {
    emulator = createFirestoreEmulator({ port: 0 });
    const projectId = `demo-contract-${randomUUID().slice(0, 8)}`;
    emulator.loadIndexes(projectId, readFileSync(INDEXES_FILE, "utf8"));
    await emulator.start();
    firestore = new Firestore({
      projectId,
      host: emulator.host,
      port: emulator.port,
      ssl: false,
    });
  });
  afterAll(async () => {
    await firestore?.terminate();
    await emulator?.stop();
  });
  return () => {
    if (!firestore) throw new Error("the embedded Firestore starts in beforeAll; use it inside tests");
    return firestore;
  };
}
