import type { Firestore } from "firebase-admin/firestore";
import { withRetry } from "./retry.js";

/**
 * Per-user revocation records the security rules read: a token whose `auth_time` is before `revokedAt`
 * is refused on the direct path, as the API refuses it through firebase-admin's revocation check.
 */
export interface Revocations {
  /** Stores `revokedAt` (Unix seconds: the user's tokensValidAfterTime after revoking refresh tokens). */
  record(uid: string, revokedAt: number): Promise<void>;
}

/** Revocations as `revocations/{uid}` documents: `{ revokedAt, updatedAt }`. */
export function firestoreRevocations(db: Firestore, now: () => Date = () => new Date()): Revocations {
  return {
    async record(uid, revokedAt) {
      await withRetry(() => db.doc(`revocations/${uid}`).set({ revokedAt, updatedAt: now() }));
    },
  };
}
