import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  createStorageEmulator,
  firestoreEmulatorLookup,
  type StorageEmulator,
} from "@partner-api/storage-emulator";
import { watchRulesFile } from "./rules-watcher.js";
import {
  FIRESTORE_EMULATOR_HOST,
  FUNCTIONS_EMULATOR_HOST,
  PROJECT_ID,
  REPO_ROOT,
  STORAGE_EMULATOR_HOST,
} from "./stack-config.js";

/** The stack's Storage: our emulator in this process, judging by storage.rules as it is on disk. */
export interface EmbeddedStorage {
  emulator: StorageEmulator;
  stop(): Promise<void>;
}

const RULES_PATH = join(REPO_ROOT, "storage.rules");

/**
 * Serves Storage on the port of firebase.json with storage.rules loaded, reloaded whenever the file
 * changes (a file that does not parse is reported and the previous rules stay). Rules read the
 * stack's Firestore as the service does, past firestore.rules. The functions' Storage triggers receive
 * its object changes.
 */
export async function startEmbeddedStorage(): Promise<EmbeddedStorage> {
  const [host, port] = STORAGE_EMULATOR_HOST.split(":") as [string, string];
  const [firestoreHost, firestorePort] = FIRESTORE_EMULATOR_HOST.split(":") as [string, string];
  const firestore = firestoreEmulatorLookup({
    projectId: PROJECT_ID,
    host: firestoreHost,
    port: Number(firestorePort),
  });
  const emulator = createStorageEmulator({
    host,
    port: Number(port),
    rules: readFileSync(RULES_PATH, "utf8"),
    firestore: firestore.lookup,
    // The Functions emulator's Storage triggers are registered here (register-storage-triggers.mjs);
    // every object change is posted back to them.
    functionsEmulatorHost: FUNCTIONS_EMULATOR_HOST,
  });
  await emulator.start();
  const unwatch = watchRulesFile(RULES_PATH, (source) => {
    try {
      emulator.loadRules(source);
      console.log("storage.rules changed: reloaded into the Storage emulator.");
    } catch (error) {
      console.error(
        `storage.rules changed but does not parse, previous rules kept: ${(error as Error).message}`,
      );
    }
  });
  return {
    emulator,
    stop: async () => {
      unwatch();
      await emulator.stop();
      await firestore.close();
    },
  };
}
