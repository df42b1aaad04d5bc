import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { runCliInProcess } from "../../scripts/claims/run-in-process.js";
import { connectFirebase } from "../../scripts/claims/services.js";
import { REPO_ROOT } from "../../scripts/stack/stack-config.js";
import { adminDb, AUTH_EMULATOR_HOST } from "../support/stack.js";

const tsxCli = createRequire(import.meta.url).resolve("tsx/cli");

/** The Auth emulator this worker talks to (the stack project sets it; a dev run may point elsewhere). */
export function authHost(): string {
  return process.env.FIREBASE_AUTH_EMULATOR_HOST ?? AUTH_EMULATOR_HOST;
}

/** For a test that runs the CLI several times against the emulators, with room for a busy machine. */
export const CLI_TEST_TIMEOUT_MS = 120_000;

/** What one run of the claims CLI left behind. */
export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Where and with what a test runs the CLI: env overrides this worker's (undefined removes a variable). */
export interface CliOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
}

/**
 * Runs `npm run claims -- <args>` in this worker, as the process would: the real firebase-admin services
 * against the emulators, this worker's environment (the emulator hosts) with `env` applied, no terminal.
 * Each run opens and closes its own admin apps, so runs share no client with each other or the test.
 * One thing in this worker reads process.env instead: the Firestore client obeys FIRESTORE_EMULATOR_HOST
 * (openAdminApp refuses a different target), so a run that connects with that variable changed must spawn.
 */
export function runClaims(
  args: readonly string[],
  { env = {}, cwd = REPO_ROOT }: CliOptions = {},
): Promise<CliResult> {
  return runCliInProcess(connectFirebase, args, environment(env), cwd);
}

/**
 * Runs `npm run claims -- <args>` as a real subprocess (tsx scripts/claims/index.ts), with the environment
 * runClaims gives the CLI. Seconds of CPU per run: only for tests of the entry point itself.
 */
export function runClaimsProcess(
  args: readonly string[],
  { env = {}, cwd = REPO_ROOT }: CliOptions = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsxCli, `${REPO_ROOT}/scripts/claims/index.ts`, ...args], {
      cwd,
      env: environment(env),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

// The CLI sees only this environment (runtime.env), whether it runs in this worker or in a subprocess.
function environment(overrides: Record<string, string | undefined>): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries({ ...process.env, NO_COLOR: "1", ...overrides }).filter(
      ([, value]) => value !== undefined,
    ),
  );
}

/** The auditLogs documents about one user, oldest first. */
export async function auditLogsFor(uid: string): Promise<Record<string, unknown>[]> {
  const snapshot = await adminDb().collection("auditLogs").where("targetUid", "==", uid).get();
  return snapshot.docs
    .map((doc) => doc.data())
    .sort((a, b) => Number(a.time?.toMillis?.() ?? 0) - Number(b.time?.toMillis?.() ?? 0));
}

/** The auditLogs documents about one partner (claim changes of its users and its creation). */
export async function auditLogsForPartner(partnerId: string): Promise<Record<string, unknown>[]> {
  const snapshot = await adminDb().collection("auditLogs").where("partnerId", "==", partnerId).get();
  return snapshot.docs.map((doc) => doc.data());
}

/** The partners/{id} document, or undefined when it does not exist. */
export async function partnerDoc(partnerId: string): Promise<Record<string, unknown> | undefined> {
  return (await adminDb().doc(`partners/${partnerId}`).get()).data();
}
