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

/** The stack's Firestore: our emulator in this process, judging client SDKs by firestore.rules on disk. */
export interface EmbeddedFirestore {
  emulator: FirestoreEmulator;
  stop(): Promise<void>;
}

const RULES_FILE = "firestore.rules";
const RULES_PATH = join(REPO_ROOT, RULES_FILE);

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
  await emulator.start();
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
      await emulator.stop();
    },
  };
}
