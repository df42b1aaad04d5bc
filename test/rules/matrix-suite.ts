import { assertFails, assertSucceeds } from "@firebase/rules-unit-testing";
import { it } from "vitest";
import type { MatrixCase } from "./operations.js";

/** Timing of one run of the matrix on a backend. */
export interface MatrixTiming {
  cases: number;
  /** Time spent inside the backend's attempts only. */
  judgingMs: number;
  /** Wall clock from the first case's start to the last case's end, setup between cases included. */
  wallMs: number;
}

/** Options of a backend run: `attempt` resolves when allowed, rejects with permission-denied when not. */
export interface MatrixRunOptions {
  /** The rows this backend judges (the whole matrix, or one service's part of it). */
  cases: readonly MatrixCase[];
  attempt(matrixCase: MatrixCase): Promise<unknown>;
  /** Runs before every case, untimed (e.g. reseeding the emulators). */
  prepare?(): Promise<void>;
  /** Per-case timeout; the emulators need more than vitest's default for reseeding and 10 MiB uploads. */
  timeoutMs?: number;
}

/**
 * Declares one vitest case per matrix row, judged with `assertSucceeds`/`assertFails` as the row expects,
 * and returns the timing, filled in as the cases run.
 */
export function defineMatrixCases({ cases, attempt, prepare, timeoutMs }: MatrixRunOptions): MatrixTiming {
  const timing: MatrixTiming = { cases: 0, judgingMs: 0, wallMs: 0 };
  let firstStart: number | undefined;
  for (const matrixCase of cases) {
    it(
      `${matrixCase.expect === "allow" ? "allows" : "denies"}: ${matrixCase.name}`,
      async () => {
        firstStart ??= performance.now();
        await prepare?.();
        const start = performance.now();
        try {
          const outcome = attempt(matrixCase);
          await (matrixCase.expect === "allow" ? assertSucceeds(outcome) : assertFails(outcome));
        } finally {
          const end = performance.now();
          timing.cases += 1;
          timing.judgingMs += end - start;
          timing.wallMs = end - firstStart;
        }
      },
      timeoutMs,
    );
  }
  return timing;
}

/** One line for the test log. */
export const describeTiming = (backend: string, timing: MatrixTiming): string =>
  `access matrix on ${backend}: ${timing.cases} cases, ${timing.wallMs.toFixed(1)} ms wall ` +
  `(${timing.judgingMs.toFixed(1)} ms judging)`;
