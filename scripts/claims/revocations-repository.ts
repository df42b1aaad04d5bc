import type { Firestore } from "firebase-admin/firestore";
import type { RevocationRecords } from "./credential-admin.js";
import { documentPath, revocationDocument } from "partner-api-functions/shared";

/**
 * Revocation records (model.ts). Both rules files refuse a token whose `auth_time` is before
 * `revokedAt`, so a revocation holds on the direct path at once.
 */
export function firestoreRevocations(db: Firestore, clock: () => Date = () => new Date()): RevocationRecords {
  return {
    async record(uid, revokedAtSeconds) {
      await db.doc(documentPath("revocations", uid)).set(revocationDocument(revokedAtSeconds, clock()));
    },
  };
}
