import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe } from "vitest";
import { EmulatorBackend, emulatorsConfigured } from "./emulator-backend.js";
import { defineMatrixCases, describeTiming } from "./matrix-suite.js";

const enabled = emulatorsConfigured();
if (!enabled) {
  console.log(
    "access matrix on the official emulators: skipped (FIRESTORE_EMULATOR_HOST and FIREBASE_STORAGE_EMULATOR_HOST not both set)",
  );
}

const rulesPath = (name: string) => fileURLToPath(new URL(`../../${name}`, import.meta.url));

describe.skipIf(!enabled)("access matrix on the official emulators", () => {
  let backend: EmulatorBackend | undefined;
  const started = () => {
    if (!backend) throw new Error("emulator backend did not start");
    return backend;
  };

  beforeAll(async () => {
    backend = await EmulatorBackend.start(rulesPath("firestore.rules"), rulesPath("storage.rules"));
  }, 60_000);

  const timing = defineMatrixCases({
    prepare: () => started().reseed(),
    attempt: (matrixCase) => started().attempt(matrixCase),
    timeoutMs: 60_000,
  });

  afterAll(async () => {
    if (timing.cases > 0) console.log(describeTiming("the official emulators", timing));
    await backend?.stop();
  });
});
