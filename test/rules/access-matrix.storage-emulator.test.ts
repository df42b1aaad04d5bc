import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFirestoreEmulator, type FirestoreEmulator } from "@partner-api/firestore-emulator";
import {
  createStorageEmulator,
  firestoreEmulatorLookup,
  type FirestoreConnection,
  type StorageEmulator,
} from "@partner-api/storage-emulator";
import { formatCoverageTable, incompletelyCovered, locate } from "./coverage-report.js";
import { EmulatorBackend, parseHostPort, type EmulatorTargets } from "./emulator-backend.js";
import { defineMatrixCases, describeTiming } from "./matrix-suite.js";
import { casesFor } from "./matrix.js";

// The Storage rows of the matrix through @firebase/rules-unit-testing and the Firebase JS SDK: on the
// official emulators when FIREBASE_STORAGE_EMULATOR_HOST and FIRESTORE_EMULATOR_HOST name them
// (firebase emulators:exec), else on our embedded Storage emulator, whose rules read an embedded
// Firestore through the Admin SDK's client, both started here on free ports. Never skipped.
const PROJECT_ID = "demo-partner-api";
const rulesFile = (name: string) => readFileSync(new URL(`../../${name}`, import.meta.url), "utf8");
const officialStorage = process.env.FIREBASE_STORAGE_EMULATOR_HOST;
const officialFirestore = process.env.FIRESTORE_EMULATOR_HOST;
const official = officialStorage !== undefined && officialFirestore !== undefined;
const backendName = official
  ? `the official Storage emulator (${officialStorage})`
  : "the embedded Storage emulator";

/** Our two emulators, wired as the stack wires them. */
interface Embedded {
  firestore: FirestoreEmulator;
  storage: StorageEmulator;
  firestoreReads: FirestoreConnection;
}

async function startEmbedded(): Promise<Embedded> {
  const firestore = createFirestoreEmulator({ port: 0 });
  await firestore.start();
  const firestoreReads = firestoreEmulatorLookup({
    projectId: PROJECT_ID,
    host: firestore.host,
    port: firestore.port,
  });
  const storage = createStorageEmulator({ port: 0, firestore: firestoreReads.lookup });
  await storage.start();
  return { firestore, storage, firestoreReads };
}

describe(`access matrix on ${backendName}, through rules-unit-testing`, () => {
  let embedded: Embedded | undefined;
  let backend: EmulatorBackend | undefined;
  const started = () => {
    if (!backend) throw new Error("the Storage emulator backend did not start");
    return backend;
  };

  beforeAll(async () => {
    const rules = { firestore: rulesFile("firestore.rules"), storage: rulesFile("storage.rules") };
    let targets: EmulatorTargets;
    if (official) {
      targets = {
        firestore: { ...parseHostPort(officialFirestore), rules: rules.firestore },
        storage: { ...parseHostPort(officialStorage), rules: rules.storage },
      };
    } else {
      embedded = await startEmbedded();
      targets = {
        firestore: { host: embedded.firestore.host, port: embedded.firestore.port, rules: rules.firestore },
        storage: { host: embedded.storage.host, port: embedded.storage.port, rules: rules.storage },
      };
    }
    // initializeTestEnvironment loads storage.rules through PUT /internal/setRules, as on the official one.
    backend = await EmulatorBackend.start(PROJECT_ID, targets);
  }, 60_000);

  const timing = defineMatrixCases({
    cases: casesFor("storage"),
    prepare: () => started().reseed(),
    attempt: (matrixCase) => started().attempt(matrixCase),
    timeoutMs: 60_000,
  });

  it.skipIf(official)(
    "exercises every allow statement of storage.rules with an allowed and a denied request",
    () => {
      const rows = embedded?.storage.coverage() ?? [];
      expect(rows.length).toBeGreaterThan(0);
      expect(incompletelyCovered(rows).map(locate)).toEqual([]);
    },
  );

  afterAll(async () => {
    if (embedded) {
      const rows = embedded.storage.coverage();
      console.log(
        `\nrules coverage (embedded Storage emulator, Storage rows)\n${formatCoverageTable(rows)}\n`,
      );
    }
    if (timing.cases > 0) console.log(describeTiming(backendName, timing));
    await backend?.stop();
    await embedded?.storage.stop();
    await embedded?.firestoreReads.close();
    await embedded?.firestore.stop();
  });
});
