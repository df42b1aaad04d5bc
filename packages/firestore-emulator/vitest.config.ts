import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "firestore-emulator",
    include: ["test/**/*.test.ts"],
    // The files share no module state, so one module graph per worker serves them all.
    isolate: false,
    globalSetup: ["test/support/notice.ts"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
