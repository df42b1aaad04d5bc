import { defineConfig } from "vitest/config";
import { projectsWithoutStack } from "./vitest.config.js";

// `npm run test:unit`, `npm run test:rules` and `npm run test:mutation`: every suite that needs no
// firebase-tools emulator, so no emulator stack is started. The functions and the CLI on in-memory ports
// (the whole app through createApp, the CLI through runCli), the repository contracts, the packages
// (rules engine, partner client, our Firestore and Storage emulators, each started in-process) and the
// rules matrix through the engine and through rules-unit-testing against those in-process emulators.
export default defineConfig({ test: { projects: projectsWithoutStack } });
