import type { Connect, Services } from "./services.js";
import { confirmTarget, describeTarget, resolveTarget, type Ask, type Target } from "./target.js";

/** Where a command writes: results to `out` (stdout, machine-readable), everything else to `err` (stderr). */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  ask: Ask;
  /** Whether stderr is a terminal (a progress bar is drawn only there). */
  interactive: boolean;
  stderr: NodeJS.WritableStream;
}

/** What the process gives a command: its streams, environment, working directory and services. */
export interface Runtime {
  io: Io;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Opens Auth and Firestore for the resolved target (firebase-admin in the process, fakes in tests). */
  connect: Connect;
}

/** Options every command accepts (declared once, on the program). */
export interface GlobalOptions {
  project?: string;
  dryRun?: boolean;
  yes?: boolean;
}

/**
 * Resolves and prints the target, asks for confirmation on a real project, connects, runs `action` and
 * disconnects. Everything a command changes happens inside `action`, after the target was printed.
 */
export async function withServices<T>(
  runtime: Runtime,
  options: GlobalOptions,
  { needsFirestore }: { needsFirestore: boolean },
  action: (services: Services, target: Target) => Promise<T>,
): Promise<T> {
  const target = resolveTarget({
    projectFlag: options.project,
    env: runtime.env,
    cwd: runtime.cwd,
    needsFirestore,
  });
  runtime.io.err(
    describeTarget(target, needsFirestore) + (options.dryRun ? " (dry run: nothing changes)" : ""),
  );
  await confirmTarget(target, { yes: options.yes === true, ask: runtime.io.ask });
  const services = runtime.connect(target, runtime.env);
  try {
    return await action(services, target);
  } finally {
    await services.close();
  }
}
