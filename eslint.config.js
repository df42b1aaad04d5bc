import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/",
      "functions/lib/",
      "packages/*/dist/",
      "site/public/",
      "coverage/",
      "bench/",
      ".stryker-tmp/",
      "reports/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  // The docs site's scripts run in the browser as they are (no build step).
  { files: ["site/**/*.js"], languageOptions: { globals: { ...globals.browser, Redoc: "readonly" } } },
);
