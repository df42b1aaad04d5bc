import { randomUUID } from "node:crypto";
import { firestoreRevocations } from "partner-api-functions/revocations";
import { openAdminApp } from "../support/admin-app.js";
import { resolveActor, type Actor } from "./actor.js";
import type { CredentialAdminDeps } from "../../functions/src/domain/credential-admin.js";
import { firestoreAuditLog } from "./audit-log.js";
import type { ClaimsDeps, Revocations } from "./claims-service.js";
import { firebaseCredentialAdmin } from "./credential-admin-deps.js";
import { firestorePartners } from "./partners-repository.js";
import { withRetry } from "./retry.js";
import type { Target } from "./target.js";
import type { CliAuth } from "./users.js";

/** What one command runs with; `close()` lets the process exit. */
export interface Services {
  auth: CliAuth;
  actor: Actor;
  claims: ClaimsDeps;
  /** Machine credentials: their store, Auth users, revocation records and audit. */
  credentials: CredentialAdminDeps;
  close(): Promise<void>;
}

/** Opens the services a command needs for a target; the process passes firebase-admin's, tests a fake. */
export type Connect = (target: Target, env: NodeJS.ProcessEnv) => Services;

/** Services over firebase-admin, every endpoint taken from the target. */
export const connectFirebase: Connect = (target, env) => {
  const runId = randomUUID();
  const admin = openAdminApp(target, `claims-cli-${runId}`);
  const actor = resolveActor(target, env);
  const revocations = retried(firestoreRevocations(admin.firestore));
  return {
    auth: admin.auth,
    actor,
    claims: {
      auth: admin.auth,
      partners: firestorePartners(admin.firestore),
      audit: firestoreAuditLog(admin.firestore, actor, { runId }),
      revocations,
    },
    credentials: firebaseCredentialAdmin(admin.auth, admin.firestore, revocations, { actor, runId }),
    close: admin.close,
  };
};

/** The API's revocation records, each write retried on transient failures like every CLI write. */
function retried(revocations: Revocations): Revocations {
  return { record: (uid, revokedAt) => withRetry(() => revocations.record(uid, revokedAt)) };
}
