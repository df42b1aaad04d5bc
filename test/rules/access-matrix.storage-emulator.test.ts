import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe } from "vitest";
import { EmulatorBackend, parseHostPort } from "./emulator-backend.js";
import { defineMatrixCases, describeTiming } from "./matrix-suite.js";
import { casesFor } from "./matrix.js";

// The Storage rows of the matrix through @firebase/rules-unit-testing, on the official Storage emulator
// when FIREBASE_STORAGE_EMULATOR_HOST names one (with FIRESTORE_EMULATOR_HOST, since storage.rules reads
// Firestore).
const PROJECT_ID = "demo-partner-api";
const rulesFile = (name: string) => readFileSync(new URL(`../../${name}`, import.meta.url), "utf8");
const storageHost = process.env.FIREBASE_STORAGE_EMULATOR_HOST;
const firestoreHost = process.env.FIRESTORE_EMULATOR_HOST;
const enabled = storageHost !== undefined && firestoreHost !== undefined;
if (!enabled) {
  console.log(
    "access matrix, Storage rows on the official emulators: skipped (FIREBASE_STORAGE_EMULATOR_HOST and FIRESTORE_EMULATOR_HOST not both set)",
  );
}

describe.skipIf(!enabled)(
  "access matrix on the official Storage emulator, through rules-unit-testing",
  () => {
    let backend: EmulatorBackend | undefined;
    const started = () => {
      if (!backend) throw new Error("the Storage emulator backend did not start");
      return backend;
    };

    beforeAll(async () => {
      backend = await EmulatorBackend.start(PROJECT_ID, {
        firestore: { ...parseHostPort(firestoreHost ?? ""), rules: rulesFile("firestore.rules") },
        storage: { ...parseHostPort(storageHost ?? ""), rules: rulesFile("storage.rules") },
      });
    }, 60_000);

    const timing = defineMatrixCases({
      cases: casesFor("storage"),
      prepare: () => started().reseed(),
      attempt: (matrixCase) => started().attempt(matrixCase),
      timeoutMs: 60_000,
    });

    afterAll(async () => {
      if (timing.cases > 0) console.log(describeTiming("the official Storage emulator", timing));
      await backend?.stop();
    });
  },
);
