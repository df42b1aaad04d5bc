import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./stack-config.js";

const ENV_LOCAL = join(REPO_ROOT, "functions", ".env.local");

/**
 * Lays settings over functions/.env for one run of the emulators, through functions/.env.local
 * (the Functions emulator's override file, the only way to give params other values locally).
 * Returns a function that puts back whatever .env.local held before.
 */
export function overrideFunctionsEnv(settings: Record<string, string>): () => void {
  if (Object.keys(settings).length === 0) return () => {};
  const previous = existsSync(ENV_LOCAL) ? readFileSync(ENV_LOCAL, "utf8") : null;
  const lines = Object.entries(settings).map(([name, value]) => `${name}=${value}`);
  const header = "# Written by scripts/stack for this run of the emulators; restored when it stops.";
  writeFileSync(ENV_LOCAL, [header, previous ?? "", ...lines, ""].join("\n"));
  return () => {
    if (previous === null) rmSync(ENV_LOCAL, { force: true });
    else writeFileSync(ENV_LOCAL, previous);
  };
}
