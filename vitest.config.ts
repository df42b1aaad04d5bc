import { readFileSync } from "node:fs";
import { defineConfig } from "vitest/config";
import {
  AUTH_EMULATOR_HOST,
  FIRESTORE_EMULATOR_HOST,
  REPO_ROOT,
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

// One `npm test` runs every project. Each package under packages/ brings its own
// vitest.config.ts; the "stack" project starts the emulator stack once for the API and CLI suites.
export default defineConfig({
  test: {
    projects: [
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
      {
        test: {
          name: "stack",
          include: [
            "test/api/**/*.test.ts",
            "test/client/**/*.test.ts",
            "test/site/**/*.test.ts",
            "test/scripts/**/*.test.ts",
          ],
          globalSetup: ["test/support/global-setup.ts"],
          // Only this project's workers talk to the emulators; other suites never see these.
          env: {
            FIREBASE_AUTH_EMULATOR_HOST: AUTH_EMULATOR_HOST,
            FIRESTORE_EMULATOR_HOST,
            // firebase-admin's task queues (getFunctions().taskQueue()) enqueue here, as the functions do.
            CLOUD_TASKS_EMULATOR_HOST: TASKS_EMULATOR_HOST,
            // No Google metadata server here; skip google-auth's probe (a warning and a wasted lookup).
            METADATA_SERVER_DETECTION: "none",
          },
          // One file at a time, after every other project: the files share one stack, and some stop its
          // Firestore or spend a partner's whole rate limit.
          fileParallelism: false,
          testTimeout: 30_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
