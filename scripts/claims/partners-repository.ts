import type { Firestore } from "firebase-admin/firestore";
import { firebaseErrorKind } from "partner-api-functions/firebase-errors";
import { withRetry } from "./retry.js";

/** What the CLI needs to know about a partner document. */
export interface PartnerDoc {
  status: string;
}

/** The only CLI code that knows the `partners/{partnerId}` path. */
export interface PartnersRepository {
  get(partnerId: string): Promise<PartnerDoc | null>;
  /** Creates `partners/{partnerId}` with status "active" unless it exists; true when this call created it. */
  createIfMissing(partnerId: string): Promise<boolean>;
}

/** A PartnersRepository over Firestore; `now` is the clock for `createdAt`. */
export function firestorePartners(db: Firestore, now: () => Date = () => new Date()): PartnersRepository {
  const doc = (partnerId: string) => db.collection("partners").doc(partnerId);
  return {
    async get(partnerId) {
      const snapshot = await withRetry(() => doc(partnerId).get());
      if (!snapshot.exists) return null;
      return { status: String(snapshot.get("status") ?? "unknown") };
    },
    async createIfMissing(partnerId) {
      try {
        // create() fails when the document exists, so two concurrent grants never overwrite each other.
        await withRetry(() => doc(partnerId).create({ name: partnerId, status: "active", createdAt: now() }));
        return true;
      } catch (error) {
        if (firebaseErrorKind(error) === "already-exists") return false;
        throw error;
      }
    },
  };
}
