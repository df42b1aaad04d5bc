import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import {
  formatCoverageTable,
  incompletelyCovered,
  locate,
  type StatementCoverage,
} from "./coverage-report.js";
import { EngineBackend, parseRulesFiles } from "./engine-backend.js";
import { defineMatrixCases, describeTiming } from "./matrix-suite.js";
import { matrix } from "./matrix.js";

const rulesFile = (name: string) => readFileSync(new URL(`../../${name}`, import.meta.url), "utf8");
const { firestore, storage } = parseRulesFiles(rulesFile("firestore.rules"), rulesFile("storage.rules"));
const backend = new EngineBackend(firestore, storage);

const coverage = (): StatementCoverage[] => [...firestore.coverage(), ...storage.coverage()];

describe("access matrix on the rules engine", () => {
  const timing = defineMatrixCases({ cases: matrix, attempt: (matrixCase) => backend.attempt(matrixCase) });

  it("exercises every allow statement of both files with an allowed and a denied case", () => {
    const rows = coverage();
    expect(rows.filter((row) => row.service === "cloud.firestore").length).toBeGreaterThan(0);
    expect(rows.filter((row) => row.service === "firebase.storage").length).toBeGreaterThan(0);
    expect(incompletelyCovered(rows).map(locate)).toEqual([]);
  });

  afterAll(() => {
    console.log(`\nrules coverage (engine, whole matrix)\n${formatCoverageTable(coverage())}\n`);
    console.log(describeTiming("the rules engine", timing));
  });
});
