import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "partner-client",
    include: ["test/**/*.test.ts"],
  },
});
