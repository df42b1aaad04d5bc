import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { adminDb, AUTH_EMULATOR_HOST } from "../support/stack.js";
import { REPO_ROOT } from "../../scripts/stack/stack-config.js";

const tsxCli = createRequire(import.meta.url).resolve("tsx/cli");

/** The Auth emulator this worker talks to (the stack project sets it; a dev run may point elsewhere). */
export function authHost(): string {
  return process.env.FIREBASE_AUTH_EMULATOR_HOST ?? AUTH_EMULATOR_HOST;
}

/** For a test that runs the CLI as a subprocess several times: each run takes seconds on a busy machine. */
export const CLI_TEST_TIMEOUT_MS = 120_000;

/** What one run of the claims CLI left behind. */
export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `npm run claims -- <args>` as a real subprocess from the repository root, with this worker's
 * environment (the emulator hosts) plus `env`; a variable set to undefined is removed.
 */
export function runClaims(
  args: readonly string[],
  { env = {}, cwd = REPO_ROOT }: { env?: Record<string, string | undefined>; cwd?: string } = {},
): Promise<CliResult> {
  const merged = Object.fromEntries(
    Object.entries({ ...process.env, NO_COLOR: "1", ...env }).filter(([, value]) => value !== undefined),
  );
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsxCli, `${REPO_ROOT}/scripts/claims/index.ts`, ...args], {
      cwd,
      env: merged,
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
