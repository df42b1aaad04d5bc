// @ts-check
/**
 * `npm run test:mutation`: how much of functions/src/domain and functions/src/http the fast suite
 * (`npm run test:unit`'s "unit" project) pins down. Not part of `npm test`: it takes tens of minutes.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.config.ts" },
  mutate: ["functions/src/domain/**/*.ts", "functions/src/http/**/*.ts", "!functions/src/**/*.test.ts"],
  coverageAnalysis: "perTest",
  // Static mutants (module-level values: zod schemas, the route table, constants) run only while a
  // module loads, so each one costs a fresh Vitest and the whole suite: about 600 of them, hours on
  // two cores. They are left out of the score, which Stryker reports as "ignored"; the route table
  // and schemas they touch are pinned by openapi.test.ts and the client-types check instead.
  ignoreStatic: true,
  // Reuses the last run's results for mutants whose code and covering tests did not change
  // (reports/stryker-incremental.json); `npm run test:mutation -- --force` measures everything again.
  incremental: true,
  reporters: ["json", "clear-text", "progress"],
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  thresholds: { high: 90, low: 80, break: 80 },
  ignorePatterns: ["bench", "coverage", "functions/lib", "reports", ".firebase", "site/public", "*.log"],
  // Only the mutated code needs `// @ts-nocheck` (a mutant may not typecheck); the default pattern also
  // stamps packages/*/src, which breaks the check that the committed client types match the document.
  disableTypeChecks: "functions/src/**/*.ts",
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
};
