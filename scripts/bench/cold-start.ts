import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "../stack/stack-config.js";

export interface ColdStartResult {
  entryMs: number;
  minimalMs: number;
  ratio: number;
  runs: number;
}

const FUNCTIONS_DIR = join(REPO_ROOT, "functions");

// Each program times its own require in a fresh Node process started from functions/, so both resolve
// the same firebase-functions and neither pays anything the other does not (Node's own start-up is
// outside the timing). The minimal module is the smallest useful function: one onRequest.
const TIMED = (load: string) =>
  `const t = process.hrtime.bigint(); ${load}; process.stdout.write(String(Number(process.hrtime.bigint() - t) / 1e6));`;
const ENTRY = TIMED(`require("./lib/index.js")`);
const MINIMAL = TIMED(
  `const { onRequest } = require("firebase-functions/v2/https"); exports.hello = onRequest((req, res) => { res.send("ok"); })`,
);

/**
 * Time to load functions/lib/index.js as a partnerApi instance does, against a minimal firebase-functions onRequest module, in fresh
 * Node processes (this process's Node, 22 under npm run), alternating the two; medians of `runs` each.
 */
export async function measureColdStart(runs: number): Promise<ColdStartResult> {
  const entry: number[] = [];
  const minimal: number[] = [];
  for (let i = 0; i < runs; i++) {
    entry.push(await timeLoad(ENTRY));
    minimal.push(await timeLoad(MINIMAL));
  }
  const entryMs = round(median(entry));
  const minimalMs = round(median(minimal));
  return { entryMs, minimalMs, ratio: Math.round((entryMs / minimalMs) * 100) / 100, runs };
}

async function timeLoad(program: string): Promise<number> {
  // Without FUNCTIONS_EMULATOR the entry module exports exactly what deploys (no bench handlers); with
  // FUNCTION_TARGET it loads what a partnerApi instance loads, as the platform sets it per function.
  const env = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", FUNCTION_TARGET: "partnerApi" };
  const { stdout } = await promisify(execFile)(process.execPath, ["-e", program], {
    cwd: FUNCTIONS_DIR,
    env,
  });
  return Number(stdout);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const round = (ms: number) => Math.round(ms * 10) / 10;
