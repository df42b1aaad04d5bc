import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFirestoreEmulator, type FirestoreEmulator } from "@partner-api/firestore-emulator";
import { formatCoverageTable, incompletelyCovered, locate } from "./coverage-report.js";
import { EmulatorBackend, parseHostPort, type EmulatorTarget } from "./emulator-backend.js";
import { defineMatrixCases, describeTiming } from "./matrix-suite.js";
import { casesFor } from "./matrix.js";

// The Firestore rows of the matrix through @firebase/rules-unit-testing and the Firebase JS SDK: on the
// official emulator when FIRESTORE_EMULATOR_HOST names one (firebase emulators:exec), else on our
// embedded emulator, started here on a free port. Never skipped.
const PROJECT_ID = "demo-partner-api";
const rules = readFileSync(new URL("../../firestore.rules", import.meta.url), "utf8");
const official = process.env.FIRESTORE_EMULATOR_HOST;
const backendName = official
  ? `the official Firestore emulator (${official})`
  : "the embedded Firestore emulator";

describe(`access matrix on ${backendName}, through rules-unit-testing`, () => {
  let embedded: FirestoreEmulator | undefined;
  let backend: EmulatorBackend | undefined;
  const started = () => {
    if (!backend) throw new Error("the Firestore emulator backend did not start");
    return backend;
  };

  beforeAll(async () => {
    let firestore: EmulatorTarget;
    if (official) {
      firestore = { ...parseHostPort(official), rules };
    } else {
      embedded = createFirestoreEmulator({ port: 0 });
      await embedded.start();
      firestore = { host: embedded.host, port: embedded.port, rules };
    }
    backend = await EmulatorBackend.start(PROJECT_ID, { firestore });
  }, 60_000);

  const timing = defineMatrixCases({
    cases: casesFor("firestore"),
    prepare: () => started().reseed(),
    attempt: (matrixCase) => started().attempt(matrixCase),
    timeoutMs: 30_000,
  });

  it.skipIf(official !== undefined)(
    "exercises every allow statement of firestore.rules with an allowed and a denied request",
    () => {
      const rows = embedded?.rulesCoverage(PROJECT_ID) ?? [];
      expect(rows.length).toBeGreaterThan(0);
      expect(incompletelyCovered(rows).map(locate)).toEqual([]);
    },
  );

  afterAll(async () => {
    if (embedded) {
      const rows = embedded.rulesCoverage(PROJECT_ID);
      console.log(
        `\nrules coverage (embedded Firestore emulator, Firestore rows)\n${formatCoverageTable(rows)}\n`,
      );
    }
    if (timing.cases > 0) console.log(describeTiming(backendName, timing));
    await backend?.stop();
    await embedded?.stop();
  });
});
