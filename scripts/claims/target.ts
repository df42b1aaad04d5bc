import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { assert, CliError } from "./cli-error.js";

/** Where the CLI acts: one project, with Auth and Firestore each either emulated (host) or in the cloud (null). */
export interface Target {
  projectId: string;
  authEmulatorHost: string | null;
  firestoreEmulatorHost: string | null;
}

/** Environment values the target depends on, read once by the caller. */
export interface TargetEnv {
  FIREBASE_AUTH_EMULATOR_HOST?: string | undefined;
  FIRESTORE_EMULATOR_HOST?: string | undefined;
}

// Google Cloud project ids: 6-30 chars, lower-case letters, digits and hyphens, starting with a letter.
const PROJECT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;

/** A demo- project exists only in the emulators and can never touch the cloud. */
export function isDemoProject(projectId: string): boolean {
  return projectId.startsWith("demo-");
}

/** The `projects` map of the nearest .firebaserc at or above `cwd`, or null when there is none. */
export function readFirebaserc(cwd: string): { path: string; projects: Record<string, string> } | null {
  for (let dir = cwd; ; dir = dirname(dir)) {
    const path = join(dir, ".firebaserc");
    if (existsSync(path)) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(readFileSync(path, "utf8"));
      } catch (error) {
        throw new CliError("NO_PROJECT", `${path} is not valid JSON: ${(error as Error).message}`);
      }
      const projects = (parsed as { projects?: unknown }).projects;
      const valid = typeof projects === "object" && projects !== null;
      return { path, projects: valid ? (projects as Record<string, string>) : {} };
    }
    if (dirname(dir) === dir) return null;
  }
}

/**
 * Resolves the project (`--project`, which may be a .firebaserc alias, else the .firebaserc default) and
 * which services are emulated. Refuses a demo- project whose services are not all emulated: it has no cloud.
 */
export function resolveTarget(options: {
  projectFlag: string | undefined;
  env: TargetEnv;
  cwd: string;
  needsFirestore: boolean;
}): Target {
  const rc = readFirebaserc(options.cwd);
  const flag = options.projectFlag?.trim();
  const projectId = flag ? (rc?.projects[flag] ?? flag) : rc?.projects["default"];
  assert(
    projectId,
    "NO_PROJECT",
    rc
      ? `no --project given and ${rc.path} has no default project`
      : "no --project given and no .firebaserc found",
  );
  assert(PROJECT_ID.test(projectId), "NO_PROJECT", `"${projectId}" is not a valid Firebase project id`);

  const target: Target = {
    projectId,
    authEmulatorHost: options.env.FIREBASE_AUTH_EMULATOR_HOST?.trim() || null,
    firestoreEmulatorHost: options.env.FIRESTORE_EMULATOR_HOST?.trim() || null,
  };
  if (isDemoProject(projectId)) {
    assert(
      target.authEmulatorHost,
      "NOT_EMULATOR",
      `${projectId} is a demo project that exists only in the emulators; set FIREBASE_AUTH_EMULATOR_HOST`,
    );
    assert(
      !options.needsFirestore || target.firestoreEmulatorHost,
      "NOT_EMULATOR",
      `${projectId} is a demo project that exists only in the emulators; set FIRESTORE_EMULATOR_HOST`,
    );
  }
  // Auth and Firestore change together (claims, then their partner and audit records): one in the
  // emulators and the other in the cloud would split a change across two worlds, leaving it unaudited.
  assert(
    !options.needsFirestore || (target.authEmulatorHost === null) === (target.firestoreEmulatorHost === null),
    "MIXED_TARGET",
    `${target.authEmulatorHost ? "FIREBASE_AUTH_EMULATOR_HOST" : "FIRESTORE_EMULATOR_HOST"} is set but ` +
      `${target.authEmulatorHost ? "FIRESTORE_EMULATOR_HOST" : "FIREBASE_AUTH_EMULATOR_HOST"} is not: this ` +
      "command would change one service in the emulators and the other in the cloud. Set both or neither",
  );
  return target;
}

/** One line naming what the CLI is about to act on, printed before it acts. */
export function describeTarget(target: Target, needsFirestore: boolean): string {
  const auth = target.authEmulatorHost ? `Auth emulator ${target.authEmulatorHost}` : "Firebase Auth (cloud)";
  const firestore = target.firestoreEmulatorHost
    ? `Firestore emulator ${target.firestoreEmulatorHost}`
    : "Cloud Firestore (cloud)";
  const services = needsFirestore ? `${auth}, ${firestore}` : auth;
  return `Target: project ${target.projectId} via ${services}`;
}

/** Asks one question and returns the answer, or null when nobody can answer (stdin is not a terminal). */
export type Ask = (question: string) => Promise<string | null>;

/**
 * A project that is not demo- is a real one: acting on it needs `--yes` or an admin who types its id.
 * Without a terminal to ask, it refuses rather than guess.
 */
export async function confirmTarget(target: Target, options: { yes: boolean; ask: Ask }): Promise<void> {
  if (isDemoProject(target.projectId) || options.yes) return;
  const answer = await options.ask(
    `${target.projectId} is a real Firebase project. Type its id to continue: `,
  );
  assert(
    answer !== null,
    "NOT_CONFIRMED",
    `refusing to act on real project ${target.projectId} without confirmation; pass --yes in scripts`,
  );
  assert(
    answer.trim() === target.projectId,
    "NOT_CONFIRMED",
    `confirmation did not match ${target.projectId}; nothing changed`,
  );
}
