import type { Auth } from "firebase-admin/auth";
import type { Firestore } from "firebase-admin/firestore";
import {
  createAuditLogRepository,
  createClientCredentialRepository,
  newClientId,
  newClientSecret,
} from "partner-api-functions/shared";
import type { CredentialAdminDeps, CredentialAuditEvent, RevocationRecords } from "./credential-admin.js";
import { firebaseCredentialIdentities } from "./credential-identities.js";
import type { Actor } from "./actor.js";

/**
 * The machine-credential operations over firebase-admin: the store the token endpoint reads, the
 * credentials' Auth users, the CLI's revocation records, and audit entries carrying the CLI's actor and run.
 */
export function firebaseCredentialAdmin(
  auth: Auth,
  firestore: Firestore,
  revocations: RevocationRecords,
  context: { actor: Actor; runId: string; source: string },
): CredentialAdminDeps {
  return {
    store: createClientCredentialRepository(firestore),
    identities: firebaseCredentialIdentities(auth),
    revocations,
    audit: createAuditLogRepository<CredentialAuditEvent>(firestore, context).append,
    clock: () => new Date(),
    newClientId: () => newClientId(),
    newClientSecret: () => newClientSecret(),
  };
}
