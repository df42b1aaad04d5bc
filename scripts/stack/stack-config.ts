import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { AdminTarget } from "../support/admin-app.js";

/** Where every part of the local stack listens, read from firebase.json and .firebaserc (one source). */
export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

interface EmulatorAddress {
  host: string;
  port: number;
}

const firebaseJson = JSON.parse(readFileSync(`${REPO_ROOT}/firebase.json`, "utf8")) as {
  emulators: Record<
    "auth" | "functions" | "firestore" | "storage" | "tasks" | "hub" | "hosting",
    EmulatorAddress
  >;
};
const firebaseRc = JSON.parse(readFileSync(`${REPO_ROOT}/.firebaserc`, "utf8")) as {
  projects: { default: string };
};

const hostPort = ({ host, port }: EmulatorAddress) => `${host}:${port}`;

export const PROJECT_ID = firebaseRc.projects.default;
export const REGION = "us-central1";
export const AUTH_EMULATOR_HOST = hostPort(firebaseJson.emulators.auth);
export const FIRESTORE_EMULATOR_HOST = hostPort(firebaseJson.emulators.firestore);
export const FIRESTORE_PORT = firebaseJson.emulators.firestore.port;
export const STORAGE_EMULATOR_HOST = hostPort(firebaseJson.emulators.storage);
/** The project's default bucket, as the Firebase SDKs name it (`storageBucket`). */
export const STORAGE_BUCKET = `${PROJECT_ID}.appspot.com`;
export const FUNCTIONS_EMULATOR_HOST = hostPort(firebaseJson.emulators.functions);
/** firebase-tools' emulator hub, which lists the running emulators (`GET /emulators`). */
export const EMULATOR_HUB_HOST = hostPort(firebaseJson.emulators.hub);
/** The Cloud Tasks emulator, where task queue functions get their tasks (CLOUD_TASKS_EMULATOR_HOST). */
export const TASKS_EMULATOR_HOST = hostPort(firebaseJson.emulators.tasks);
/** The partnerApi function's root; routes live under `${API_ROOT}/v1`. */
export const API_ROOT = `http://${FUNCTIONS_EMULATOR_HOST}/${PROJECT_ID}/${REGION}/partnerApi`;
export const API_BASE = `${API_ROOT}/v1`;
/** The Hosting emulator: the docs site at /docs/, and the API at /v1/** through its rewrite to partnerApi. */
export const HOSTING_ORIGIN = `http://${hostPort(firebaseJson.emulators.hosting)}`;
/** The Auth emulator accepts any API key; the REST calls still need one. */
export const EMULATOR_API_KEY = "fake-api-key";

/** The local stack as firebase-admin's target: the demo project with Auth and Firestore emulated. */
export const STACK_TARGET: AdminTarget = {
  projectId: PROJECT_ID,
  authEmulatorHost: AUTH_EMULATOR_HOST,
  firestoreEmulatorHost: FIRESTORE_EMULATOR_HOST,
};
