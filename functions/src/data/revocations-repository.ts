import { Timestamp, type Firestore } from "firebase-admin/firestore";
import type { RevocationRecords } from "../domain/credential-admin.js";

/**
 * `revocations/{uid}`: `{ revokedAt: <Unix seconds>, updatedAt }`. Both rules files refuse a token
 * whose `auth_time` is before `revokedAt`, so a revocation holds on the direct path at once.
 */
export function firestoreRevocations(db: Firestore, clock: () => Date = () => new Date()): RevocationRecords {
  return {
    async record(uid, revokedAtSeconds) {
      await db
        .collection("revocations")
        .doc(uid)
        .set({ revokedAt: revokedAtSeconds, updatedAt: Timestamp.fromDate(clock()) });
    },
  };
}
