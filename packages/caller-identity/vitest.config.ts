import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "caller-identity",
    include: ["test/**/*.test.ts"],
  },
});
