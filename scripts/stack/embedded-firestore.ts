import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  createFirestoreEmulator,
  type CallHook,
  type FirestoreEmulator,
  type RulesIssue,
} from "@partner-api/firestore-emulator";
import { watchRulesFile } from "./rules-watcher.js";
import { FIRESTORE_EMULATOR_HOST, FUNCTIONS_EMULATOR_HOST, PROJECT_ID, REPO_ROOT } from "./stack-config.js";

/**
 * The stack's Firestore: our emulator in this process, judging client SDKs by firestore.rules on disk and
 * serving only the queries firestore.indexes.json's indexes serve in production.
 */
export interface EmbeddedFirestore {
  emulator: FirestoreEmulator;
  stop(): Promise<void>;
}

const RULES_FILE = "firestore.rules";
const RULES_PATH = join(REPO_ROOT, RULES_FILE);
const INDEXES_FILE = "firestore.indexes.json";
const INDEXES_PATH = join(REPO_ROOT, INDEXES_FILE);

/**
 * `FIRESTORE_INDEXES=off` (for `npm start` and `npm test` alike) serves every query, as the official
 * emulator does; by default a query production would refuse for a missing index is refused here too.
 */
export const ENFORCE_INDEXES = process.env.FIRESTORE_INDEXES !== "off";

const describeIssues = (issues: readonly RulesIssue[]) =>
  issues
    .map(
      ({ sourcePosition: { line, column }, description }) => `${RULES_FILE}:${line}:${column} ${description}`,
    )
    .join("\n");

/**
 * Serves Firestore on the port of firebase.json with firestore.rules loaded, as firebase-tools loads them
 * into the official emulator, and reloaded whenever the file changes (a file that does not parse is
 * reported and the previous rules stay). The Admin SDK (the API) sends `owner` and is never judged.
 * firestore.indexes.json is loaded and reloaded the same way, unless ENFORCE_INDEXES is off.
 */
export async function startEmbeddedFirestore(beforeCall?: CallHook): Promise<EmbeddedFirestore> {
  const [host, port] = FIRESTORE_EMULATOR_HOST.split(":") as [string, string];
  const emulator = createFirestoreEmulator({
    host,
    port: Number(port),
    beforeCall,
    // The Functions emulator registers the functions' Firestore triggers here; their events go back to it.
    functionsEmulatorHost: FUNCTIONS_EMULATOR_HOST,
    log: (message) => console.warn(`[firestore triggers] ${message}`),
  });
  const load = (content: string) => emulator.loadRules(PROJECT_ID, [{ name: RULES_FILE, content }]);
  const issues = load(readFileSync(RULES_PATH, "utf8"));
  if (issues.length > 0) throw new Error(`${RULES_FILE} does not parse:\n${describeIssues(issues)}`);
  if (ENFORCE_INDEXES) emulator.loadIndexes(PROJECT_ID, readFileSync(INDEXES_PATH, "utf8"));
  await emulator.start();
  const unwatchIndexes = ENFORCE_INDEXES
    ? watchRulesFile(INDEXES_PATH, (source) => reloadIndexes(emulator, source))
    : () => undefined;
  const unwatch = watchRulesFile(RULES_PATH, (source) => {
    const problems = load(source);
    if (problems.length === 0) console.log(`${RULES_FILE} changed: reloaded into the Firestore emulator.`);
    else
      console.error(
        `${RULES_FILE} changed but does not parse, previous rules kept:\n${describeIssues(problems)}`,
      );
  });
  return {
    emulator,
    stop: async () => {
      unwatch();
      unwatchIndexes();
      await emulator.stop();
    },
  };
}

function reloadIndexes(emulator: FirestoreEmulator, source: string): void {
  try {
    emulator.loadIndexes(PROJECT_ID, source);
    console.log(`${INDEXES_FILE} changed: reloaded into the Firestore emulator.`);
  } catch (error) {
    console.error(
      `${INDEXES_FILE} changed but is not valid, previous indexes kept: ${(error as Error).message}`,
    );
  }
}
