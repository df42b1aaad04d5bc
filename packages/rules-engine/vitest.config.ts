import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "rules-engine",
    include: ["test/**/*.test.ts"],
    // The files share no module state, so one module graph per worker serves them all.
    isolate: false,
  },
});
