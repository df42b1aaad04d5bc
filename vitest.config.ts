import { defineConfig } from "vitest/config";

// One `npm test` runs every project. Each package under packages/ brings its own
// vitest.config.ts; the "stack" project starts the emulator stack once for the API and CLI suites.
export default defineConfig({
  test: {
    projects: [
      "packages/*",
      {
        test: {
          name: "unit",
          include: ["functions/src/**/*.test.ts", "scripts/**/*.test.ts"],
        },
      },
      {
        test: {
          name: "rules",
          include: ["test/rules/**/*.test.ts"],
        },
      },
      {
        test: {
          name: "stack",
          include: ["test/api/**/*.test.ts", "test/scripts/**/*.test.ts"],
          globalSetup: ["test/support/global-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
