import { readFileSync } from "node:fs";
import { defineConfig, type TestProjectConfiguration } from "vitest/config";
import {
  AUTH_EMULATOR_HOST,
  FIRESTORE_EMULATOR_HOST,
  REPO_ROOT,
  STORAGE_EMULATOR_HOST,
  TASKS_EMULATOR_HOST,
} from "./scripts/stack/stack-config.js";

// The functions' source exports (functions/package.json), resolved inside this checkout. Through
// node_modules they resolve wherever the workspace link points, and for `npm run test:mutation`, which
// runs the tests in a copy of the repository, that is the original source, never the mutated one.
const functionsExports = (
  JSON.parse(readFileSync(`${REPO_ROOT}/functions/package.json`, "utf8")) as {
    exports: Record<string, string>;
  }
).exports;
const functionsSources = Object.entries(functionsExports)
  .filter(([, target]) => target.startsWith("./src/"))
  .map(([subpath, target]) => ({
    find: new RegExp(`^partner-api-functions/${subpath.slice("./".length)}$`),
    replacement: `${REPO_ROOT}/functions/${target.slice("./".length)}`,
  }));

/**
 * Stack files that count toward one function instance's in-memory limits (the rate limit, the token
 * endpoint's failure throttle) or stop the stack's Firestore for everyone. The Functions emulator
 * starts another worker, with memory of its own, whenever a function's worker is busy, so these run
 * one at a time after every other file, when their requests are the only ones and all reach one worker.
 */
const STACK_FILES_ALONE = [
  "test/api/firestore-outage.test.ts",
  "test/api/rate-limit.test.ts",
  "test/client/client-token-throttle.test.ts",
  "test/api/token-throttle.test.ts",
  // Its failed token requests would throttle the stack's one source for every suite beside it.
  "test/api/openapi-fuzz.test.ts",
];

/** The API, client, site and CLI suites against the emulator stack (test/support/global-setup.ts). */
const stackTest = {
  // Only these workers talk to the emulators; other suites never see these.
  env: {
    FIREBASE_AUTH_EMULATOR_HOST: AUTH_EMULATOR_HOST,
    FIRESTORE_EMULATOR_HOST,
    // firebase-admin's task queues (getFunctions().taskQueue()) enqueue here, as the functions do.
    CLOUD_TASKS_EMULATOR_HOST: TASKS_EMULATOR_HOST,
    // firebase-admin's getStorage() (through @google-cloud/storage) sends its GCS JSON API calls here.
    FIREBASE_STORAGE_EMULATOR_HOST: STORAGE_EMULATOR_HOST,
    // No Google metadata server here; skip google-auth's probe (a warning and a wasted lookup).
    METADATA_SERVER_DETECTION: "none",
  },
  // The files share no state through modules, only the stack itself; one module graph per worker
  // (firebase-admin, the Firebase SDK, the client) serves them all.
  isolate: false,
  // Each file waits here until the stack, started in the background, is up.
  setupFiles: ["test/support/stack-ready.ts"],
  testTimeout: 30_000,
  hookTimeout: 240_000,
};

/** Every suite that needs no firebase-tools emulator: what `npm run test:unit` runs (vitest.unit.config.ts). */
export const projectsWithoutStack: TestProjectConfiguration[] = [
  "packages/*",
  {
    resolve: { alias: functionsSources },
    test: {
      name: "unit",
      include: ["functions/src/**/*.test.ts", "scripts/**/*.test.ts"],
      // These tests share no state through modules (each builds its own app, repository and
      // fakes), so one module graph per worker serves them all: a third of the CPU time.
      isolate: false,
      // Generous for a loaded machine and for Stryker's instrumented code; nothing here waits on purpose.
      testTimeout: 30_000,
      // The repository contract suite talks to an embedded emulator; skip google-auth's probe.
      env: { METADATA_SERVER_DETECTION: "none" },
    },
  },
  {
    test: {
      name: "rules",
      include: ["test/rules/**/*.test.ts"],
      // Each matrix file starts its own backends; no module state is shared between files.
      isolate: false,
    },
  },
];

// One `npm test` runs every project. Each package under packages/ brings its own vitest.config.ts.
// The emulator stack builds and starts once for the whole run, in the background (its global setup
// provides the control server's URL to every project), while the suites that need no emulator run
// (sequence group 0). Then the stack files run side by side, each on partners of its own (group 1),
// and STACK_FILES_ALONE last, one file at a time (group 2).
export default defineConfig({
  test: {
    globalSetup: ["test/support/global-setup.ts"],
    projects: [
      ...projectsWithoutStack,
      {
        test: {
          ...stackTest,
          name: "stack",
          include: [
            "test/api/**/*.test.ts",
            "test/client/**/*.test.ts",
            "test/site/**/*.test.ts",
            "test/scripts/**/*.test.ts",
          ],
          exclude: STACK_FILES_ALONE,
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          ...stackTest,
          name: "stack-alone",
          include: STACK_FILES_ALONE,
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
