import { randomUUID } from "node:crypto";
import { deleteApp, initializeApp, type App } from "firebase-admin/app";
import { getAuth, type Auth } from "firebase-admin/auth";
import { getFirestore, type Firestore } from "firebase-admin/firestore";
import { resolveActor, type Actor } from "./actor.js";
import { firestoreAuditLog } from "./audit-log.js";
import type { ClaimsDeps } from "./claims-service.js";
import { firestorePartners } from "./partners-repository.js";
import type { Target } from "./target.js";

/** The firebase-admin clients one command runs with; `close()` lets the process exit. */
export interface Services {
  auth: Auth;
  firestore: Firestore;
  actor: Actor;
  runId: string;
  claims: ClaimsDeps;
  close(): Promise<void>;
}

/**
 * Connects firebase-admin to the target. firebase-admin reads the emulator hosts from the environment
 * itself, which is the same environment the target was resolved from.
 */
export function connect(target: Target): Services {
  if (target.firestoreEmulatorHost && target.authEmulatorHost) {
    // Fully emulated: keep google-auth from probing the GCE metadata server (a warning and a wasted lookup).
    process.env.METADATA_SERVER_DETECTION ??= "none";
  }
  const runId = randomUUID();
  const app: App = initializeApp({ projectId: target.projectId }, `claims-cli-${runId}`);
  const auth = getAuth(app);
  const firestore = getFirestore(app);
  const actor = resolveActor(target);
  return {
    auth,
    firestore,
    actor,
    runId,
    claims: {
      auth,
      partners: firestorePartners(firestore),
      audit: firestoreAuditLog(firestore, actor, { runId }),
    },
    close: () => deleteApp(app),
  };
}
