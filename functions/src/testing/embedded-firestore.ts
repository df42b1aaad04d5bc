import { randomUUID } from "node:crypto";
import { createFirestoreEmulator, type FirestoreEmulator } from "@partner-api/firestore-emulator";
import { Firestore } from "firebase-admin/firestore";
import { afterAll, beforeAll } from "vitest";

/**
 * For a contract suite: starts the embedded Firestore emulator in this process (on a free port) before
 * the file's tests and stops it after, with an Admin SDK client on a project of its own. Returns the
 * client's getter, valid once the suite's tests run.
 */
export function useEmbeddedFirestore(): () => Firestore {
  let emulator: FirestoreEmulator | undefined;
  let firestore: Firestore | undefined;
  beforeAll(async () => {
    emulator = createFirestoreEmulator({ port: 0 });
    await emulator.start();
    firestore = new Firestore({
      projectId: `demo-contract-${randomUUID().slice(0, 8)}`,
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
