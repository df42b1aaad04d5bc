import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { CallHook, FirestoreEmulator } from "@partner-api/firestore-emulator";
import { startEmbeddedFirestore, type EmbeddedFirestore } from "./embedded-firestore.js";
import { overrideFunctionsEnv } from "./functions-env-file.js";
import { startEmbeddedStorage, type EmbeddedStorage } from "./embedded-storage.js";
import { chooseFirestoreBackend, chooseStorageBackend, type FirestoreBackend } from "./firestore-backend.js";
import {
  API_BASE,
  FIRESTORE_EMULATOR_HOST,
  HOSTING_ORIGIN,
  PROJECT_ID,
  REPO_ROOT,
  STORAGE_EMULATOR_HOST,
} from "./stack-config.js";

const preload = (file: string) => `--import=${pathToFileURL(join(REPO_ROOT, "scripts/stack", file)).href}`;
const HIDE_POWERED_BY = preload("hide-powered-by.mjs");
const ANNOUNCE_EMBEDDED_FIRESTORE = preload("announce-embedded-firestore.mjs");
const HONOUR_TASK_SCHEDULE = preload("honour-task-schedule.mjs");
const REGISTER_STORAGE_TRIGGERS = preload("register-storage-triggers.mjs");
const LIST_TRIGGER_RETRY = preload("list-trigger-retry.mjs");

/** Function requests the emulator runs at once (each in its own worker process); more wait in its queue. */
export const FUNCTION_WORKERS = 8;

/** The running local stack: Auth, Functions and Cloud Tasks emulators plus a Firestore and a Storage. */
export interface EmulatorStack {
  firestoreBackend: FirestoreBackend;
  storageBackend: "official" | "embedded";
  /** The embedded Firestore, when this machine cannot run the official one (for fault injection). */
  embeddedFirestore: FirestoreEmulator | null;
  /** Everything firebase-tools printed so far, for diagnosing a failed start. */
  output(): string;
  stop(): Promise<void>;
}

export interface StackOptions {
  /** Mirror firebase-tools' output to this process's stdout. */
  echo?: boolean;
  readyTimeoutMs?: number;
  /** Param values for the functions over functions/.env (e.g. a shorter ACCESS_CACHE_SECONDS for tests). */
  functionsEnv?: Record<string, string>;
  /** A hook the embedded Firestore runs before every RPC (tests inject faults with it). */
  firestoreBeforeCall?: CallHook;
}

/**
 * Starts Firestore (official where this machine can run it, else embedded in this process on the
 * same port) and the official Auth, Functions and Cloud Tasks emulators, and resolves once the API
 * answers. Firestore triggers of the functions fire from either Firestore, Storage triggers from either
 * Storage; task queue functions (`onTaskDispatched`) run through the Tasks emulator.
 */
export async function startEmulatorStack({
  echo = false,
  readyTimeoutMs = 180_000,
  functionsEnv = {},
  firestoreBeforeCall,
}: StackOptions = {}): Promise<EmulatorStack> {
  const firestoreBackend = chooseFirestoreBackend();
  const embedded: EmbeddedFirestore | null =
    firestoreBackend === "embedded" ? await startEmbeddedFirestore(firestoreBeforeCall) : null;
  const storageBackend = chooseStorageBackend();
  let storage: EmbeddedStorage | null;
  try {
    storage = storageBackend === "embedded" ? await startEmbeddedStorage() : null;
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  const restoreFunctionsEnv = overrideFunctionsEnv(functionsEnv);
  const only = [
    // Hosting serves the docs site (built by `npm run build`) and the API through its /v1/** rewrite.
    "auth,functions,tasks,hosting",
    ...(firestoreBackend === "official" ? ["firestore"] : []),
    ...(storageBackend === "official" ? ["storage"] : []),
  ].join(",");
  let output = "";
  const firebase = spawn("npx", ["firebase", "emulators:start", "--only", only, "--project", PROJECT_ID], {
    cwd: REPO_ROOT,
    // The functions read FIRESTORE_EMULATOR_HOST from this environment when Firestore is embedded.
    env: {
      ...process.env,
      FIRESTORE_EMULATOR_HOST,
      FIREBASE_STORAGE_EMULATOR_HOST: STORAGE_EMULATOR_HOST,
      // The Functions emulator starts a worker process per concurrent request (50 by default); on a
      // small machine a burst of cold workers starves everything, so requests beyond this many queue.
      FUNCTIONS_EMULATOR_PARALLEL: String(FUNCTION_WORKERS),
      // A worker that is not ready within this many seconds fails with "Failed to load function" (30 by
      // default); on a loaded machine a cold worker can take longer, and the API would never come up.
      FUNCTIONS_DISCOVERY_TIMEOUT: "120",
      // firebase-tools looks for Google credentials by probing the GCE metadata server; off Google Cloud
      // that probe can hang (a sandbox that accepts the connection and never answers) and stall the
      // start before the functions load. A demo project needs no credentials, so skip the probe.
      METADATA_SERVER_DETECTION: "none",
      // Drops the X-Powered-By header the emulator's proxy adds, as production's runtime does not send it;
      // makes the Cloud Tasks emulator hold a task until its scheduleTime, as production does; with the
      // embedded Firestore, puts it among firebase-tools' emulators, so that the Functions emulator
      // registers the functions' Firestore triggers with it and receives their events; with the
      // embedded Storage, registers the functions' Storage triggers with it likewise; lists each event
      // trigger's retry option, which our emulators read to redeliver an event whose function threw.
      NODE_OPTIONS: [
        process.env.NODE_OPTIONS,
        HIDE_POWERED_BY,
        HONOUR_TASK_SCHEDULE,
        LIST_TRIGGER_RETRY,
        ...(embedded !== null ? [ANNOUNCE_EMBEDDED_FIRESTORE] : []),
        ...(storage !== null ? [REGISTER_STORAGE_TRIGGERS] : []),
      ]
        .filter(Boolean)
        .join(" "),
      ...(embedded !== null ? { EMBEDDED_FIRESTORE_EMULATOR_HOST: FIRESTORE_EMULATOR_HOST } : {}),
      ...(storage !== null ? { EMBEDDED_STORAGE_EMULATOR_HOST: STORAGE_EMULATOR_HOST } : {}),
      CI: "1",
    },
    // Its own process group, so stopping reaches the function workers it spawns as well.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (echo) process.stdout.write(chunk);
  };
  firebase.stdout.on("data", collect);
  firebase.stderr.on("data", collect);

  const stop = async () => {
    await stopProcessGroup(firebase);
    restoreFunctionsEnv();
    await storage?.stop();
    await embedded?.stop();
  };
  try {
    await waitUntilAnswers(firebase, `${API_BASE}/health`, readyTimeoutMs);
    await waitUntilAnswers(firebase, `${HOSTING_ORIGIN}/v1/health`, readyTimeoutMs);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n--- firebase-tools output ---\n${output}`);
  }
  return {
    firestoreBackend,
    storageBackend,
    embeddedFirestore: embedded?.emulator ?? null,
    output: () => output,
    stop,
  };
}

const PROBE_TIMEOUT_MS = 30_000;

/** Resolves once `url` answers 2xx (the API directly, or through the Hosting emulator's rewrite). */
async function waitUntilAnswers(firebase: ChildProcess, url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (firebase.exitCode !== null) throw new Error(`firebase emulators exited with ${firebase.exitCode}`);
    try {
      // The first request starts a cold function worker, which on a busy machine takes well over a few
      // seconds; cutting it off early only queues another cold start. Bounded still, so that a request
      // the emulator accepted before its function was ready cannot use up the whole wait.
      const response = await fetch(url, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/** SIGINT lets firebase-tools shut its emulators down cleanly; SIGKILL the group if it lingers. */
async function stopProcessGroup(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (child.exitCode !== null || pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  signalGroup(pid, "SIGINT");
  const timer = setTimeout(() => signalGroup(pid, "SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
  // The function workers may outlive their parent by a moment; make sure the group is gone.
  signalGroup(pid, "SIGKILL");
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}
