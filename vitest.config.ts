import { readFileSync } from "node:fs";
import { defineConfig, type TestProjectConfiguration } from "vitest/config";
import { REPO_ROOT } from "./scripts/stack/stack-config.js";

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

/** Every suite that needs no firebase-tools emulator: what `npm run test:unit` runs. */
export const projectsWithoutStack: TestProjectConfiguration[] = [
  "packages/*",
  {
    resolve: { alias: functionsSources },
    test: {
      name: "unit",
      include: [
        "functions/src/**/*.test.ts",
        "scripts/**/*.test.ts",
        "test/support/**/*.test.ts",
        "test/packages/**/*.test.ts",
      ],
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

// The default config: `npx vitest run <file>`, `--project <name>`, `npm run test:unit`, `npm run
// test:rules` and `npm run test:mutation` start no emulator stack. The functions and the CLI on
// in-memory ports (the whole app through createApp, the CLI through runCli), the repository contracts,
// the packages (rules engine, partner client, our Firestore and Storage emulators, each started
// in-process; each brings its own vitest.config.ts) and the rules matrix through the engine and through
// rules-unit-testing against those in-process emulators. `npm test` adds the stack's suites
// (vitest.stack.config.ts).
export default defineConfig({ test: { projects: projectsWithoutStack } });
