import { defineConfig, type TestProjectConfiguration } from "vitest/config";
import config from "./vitest.config.js";

// `npm run test:unit` and `npm run test:mutation`: every project of vitest.config.ts but "stack", that is
// every suite that needs no firebase-tools emulator: the functions and the CLI on in-memory ports (the
// whole app through createApp, the CLI through runCli), the repository contracts, the packages (rules
// engine, partner client, our Firestore and Storage emulators, each started in-process) and the rules
// matrix through the engine and through rules-unit-testing against those in-process emulators.
const projects: TestProjectConfiguration[] = config.test?.projects ?? [];
const needsNoStack = (project: TestProjectConfiguration) =>
  !(typeof project === "object" && "test" in project && project.test?.name === "stack");

export default defineConfig({
  test: { ...config.test, projects: projects.filter(needsNoStack) },
});
