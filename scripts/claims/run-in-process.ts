import { fileURLToPath } from "node:url";
import { runCli } from "./program.js";
import type { Connect } from "./services.js";

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Emulator hosts that make the CLI's target the emulated demo project of .firebaserc. */
export const EMULATED_ENV = {
  FIREBASE_AUTH_EMULATOR_HOST: "127.0.0.1:1",
  FIRESTORE_EMULATOR_HOST: "127.0.0.1:2",
};

/**
 * Runs the CLI in this process with the given services, environment and working directory (default: the
 * repository root), as a process without a terminal would run (no confirmation, no progress bar); returns
 * what a shell would see. For tests and the stack's seed.
 */
export async function runCliInProcess(
  connect: Connect,
  argv: readonly string[],
  env: NodeJS.ProcessEnv = EMULATED_ENV,
  cwd: string = REPO_ROOT,
): Promise<{ status: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const status = await runCli(argv, {
    env,
    cwd,
    connect,
    io: {
      out: (text) => out.push(text),
      err: (text) => err.push(text),
      ask: async () => null,
      interactive: false,
      stderr: process.stderr,
    },
  });
  return { status, stdout: out.join("\n"), stderr: err.join("\n") };
}
