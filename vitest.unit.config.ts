import { defineConfig, type TestProjectConfiguration } from "vitest/config";
import config from "./vitest.config.js";

// `npm run test:unit` and `npm run test:mutation`: the "unit" project of vitest.config.ts, the fast loop
// for the functions and the CLI (the domain on in-memory ports, the whole app through createApp, the CLI
// through runCli, and the repository contract suite on an embedded Firestore). The packages' suites and
// the rules matrix need no emulator stack either, but take minutes here, so they run in `npm test` and in
// their own projects (`npm run test:rules`, `npx vitest run --project rules-engine`).
const projects: TestProjectConfiguration[] = config.test?.projects ?? [];

export default defineConfig({
  test: {
    projects: projects.filter(
      (project) => typeof project === "object" && "test" in project && project.test?.name === "unit",
    ),
  },
});
