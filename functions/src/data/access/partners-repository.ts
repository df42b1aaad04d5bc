import { FieldValue, type Firestore } from "firebase-admin/firestore";
import { firebaseErrorKind } from "../../firebase-errors.js";
import type { PartnersRepository } from "../../domain/access/ports.js";
import { collectionPath, documentPath, partnerDocument, partnerFrom } from "../model.js";

/**
 * The partners port over Firestore (model.ts: `partners/{partnerId}`); the API, the claims CLI, the
 * seed, the bench and the tests all come through here. `clock` stamps `createdAt`.
 */
export function createPartnersRepository(
  db: Firestore,
  clock: () => Date = () => new Date(),
): PartnersRepository {
  const doc = (partnerId: string) => db.doc(documentPath("partners", partnerId));
  return {
    async getPartner(partnerId) {
      const snap = await doc(partnerId).get();
      return snap.exists ? partnerFrom(partnerId, snap.data() ?? {}) : null;
    },
    async listPartners() {
      const snap = await db
        .collection(collectionPath("partners"))
        .select("status", "dailyRequestQuota")
        .get();
      return snap.docs.map((found) => partnerFrom(found.id, found.data()));
    },
    async createPartner(partner) {
      try {
        // create() fails when the document exists, so concurrent creates never overwrite each other.
        await doc(partner.id).create(partnerDocument(partner, clock()));
        return true;
      } catch (error) {
        if (firebaseErrorKind(error) === "already-exists") return false;
        throw error;
      }
    },
    async setPartnerStatus(partnerId, status) {
      await doc(partnerId).update({ status });
    },
    async setDailyRequestQuota(partnerId, quota) {
      await doc(partnerId).update({ dailyRequestQuota: quota ?? FieldValue.delete() });
    },
  };
}
