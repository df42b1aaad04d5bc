import { defineConfig, type TestProjectConfiguration } from "vitest/config";
import config from "./vitest.config.js";

// `npm run test:unit` and `npm run test:mutation`: every project of vitest.config.ts except "stack",
// i.e. everything that runs without the emulator stack (the packages bind their own servers on free
// ports, in-process).
const projects: TestProjectConfiguration[] = config.test?.projects ?? [];

export default defineConfig({
  test: {
    projects: projects.filter(
      (project) => !(typeof project === "object" && "test" in project && project.test?.name === "stack"),
    ),
  },
});
