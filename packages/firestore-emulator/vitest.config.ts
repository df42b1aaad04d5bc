import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "firestore-emulator",
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/notice.ts"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
