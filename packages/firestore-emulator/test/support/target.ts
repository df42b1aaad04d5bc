import { randomUUID } from "node:crypto";
import { deleteApp, initializeApp, type App } from "firebase-admin/app";
import { getFirestore, type Firestore } from "firebase-admin/firestore";
import { createFirestoreEmulator, type FirestoreEmulator } from "../../src/index.js";

/** Set when the suite started: the emulator to test instead of an embedded one (e.g. the official one). */
export const externalHost = process.env.FIRESTORE_EMULATOR_HOST;

/** An emulator under test and a project of its own, so suites can run in parallel against one server. */
export interface Target {
  readonly host: string;
  readonly projectId: string;
  /** A new client with its own connection, as another process would have. */
  client(): Firestore;
  /** Drops the project's documents through the emulator's HTTP endpoint. */
  clear(): Promise<void>;
  close(): Promise<void>;
}

/** Opens the emulator under test: the external one if named, else an embedded one on a free port. */
export async function openTarget(suite: string): Promise<Target> {
  // Tests never run on Google Cloud: skip the SDK's metadata-server probe and its warning.
  process.env.METADATA_SERVER_DETECTION ??= "none";
  let emulator: FirestoreEmulator | undefined;
  let host = externalHost;
  if (host === undefined) {
    emulator = createFirestoreEmulator({ port: 0 });
    await emulator.start();
    host = `${emulator.host}:${emulator.port}`;
  }
  const projectId = `demo-${suite}-${randomUUID().slice(0, 8)}`;
  const apps: App[] = [];
  const emulatorHost = host;
  return {
    host,
    projectId,
    client() {
      const app = initializeApp({ projectId }, `${projectId}-${apps.length}`);
      apps.push(app);
      // firebase-admin reads the variable when the client is built; it is not left set, so this process
      // never mistakes an embedded emulator for an external one.
      const previous = process.env.FIRESTORE_EMULATOR_HOST;
      process.env.FIRESTORE_EMULATOR_HOST = emulatorHost;
      try {
        return getFirestore(app);
      } finally {
        if (previous === undefined) delete process.env.FIRESTORE_EMULATOR_HOST;
        else process.env.FIRESTORE_EMULATOR_HOST = previous;
      }
    },
    async clear() {
      const url = `http://${emulatorHost}/emulator/v1/projects/${projectId}/databases/(default)/documents`;
      const response = await fetch(url, { method: "DELETE" });
      if (!response.ok) throw new Error(`clearing ${projectId} failed: ${response.status}`);
    },
    async close() {
      await Promise.all(apps.map((app) => deleteApp(app)));
      await emulator?.stop();
    },
  };
}

/** Runs `count` copies of `task` at once and waits for them all. */
export function inParallel<T>(
  count: number,
  task: (index: number) => Promise<T>,
): Promise<PromiseSettledResult<T>[]> {
  return Promise.allSettled(Array.from({ length: count }, (_, i) => task(i)));
}

/** The gRPC status code of a failed client call. */
export function codeOf(result: PromiseSettledResult<unknown>): number | undefined {
  return result.status === "rejected" ? (result.reason as { code?: number }).code : undefined;
}
