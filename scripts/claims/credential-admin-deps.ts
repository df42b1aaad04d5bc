import type { Auth } from "firebase-admin/auth";
import type { Firestore } from "firebase-admin/firestore";
import { firestoreAuditLogs } from "../../functions/src/data/audit-logs.js";
import { createClientCredentialRepository } from "../../functions/src/data/client-credentials-repository.js";
import { firebaseCredentialIdentities } from "../../functions/src/data/credential-identities.js";
import { newClientId, newClientSecret } from "../../functions/src/domain/client-secret.js";
import type {
  CredentialAdminDeps,
  CredentialAuditEvent,
  RevocationRecords,
} from "../../functions/src/domain/credential-admin.js";
import type { Actor } from "./actor.js";

/**
 * The machine-credential operations over firebase-admin: the store the token endpoint reads, the
 * credentials' Auth users, the CLI's revocation records, and audit entries carrying the CLI's actor and run.
 */
export function firebaseCredentialAdmin(
  auth: Auth,
  firestore: Firestore,
  revocations: RevocationRecords,
  { actor, runId }: { actor: Actor; runId: string },
): CredentialAdminDeps {
  return {
    store: createClientCredentialRepository(firestore),
    identities: firebaseCredentialIdentities(auth),
    revocations,
    audit: firestoreAuditLogs<CredentialAuditEvent>(firestore, { actor, runId, source: "claims-cli" }),
    clock: () => new Date(),
    newClientId: () => newClientId(),
    newClientSecret: () => newClientSecret(),
  };
}
