import { FieldValue, Timestamp, type DocumentData, type Firestore } from "firebase-admin/firestore";
import { firebaseErrorKind } from "../firebase-errors.js";
import type { Partner, PartnersRepository, PartnerStatus } from "../domain/partners-repository.js";

/**
 * The partners port over Firestore: `partners/{partnerId}` = `{ name, status, createdAt,
 * dailyRequestQuota? }`, the only
 * code that knows that path and shape (the API, the claims CLI, the seed, the bench and the tests
 * all come through here). `clock` stamps `createdAt`.
 */
export function createPartnersRepository(
  db: Firestore,
  clock: () => Date = () => new Date(),
): PartnersRepository {
  const doc = (partnerId: string) => db.collection("partners").doc(partnerId);
  return {
    async getPartner(partnerId) {
      const snap = await doc(partnerId).get();
      return snap.exists ? partnerFrom(partnerId, snap.data() ?? {}) : null;
    },
    async listPartners() {
      const snap = await db.collection("partners").select("status", "dailyRequestQuota").get();
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

/** The stored shape of a partner; its name is its id until partners get names of their own. */
export function partnerDocument(partner: Pick<Partner, "id" | "status">, createdAt: Date) {
  return { name: partner.id, status: partner.status, createdAt: Timestamp.fromDate(createdAt) };
}

/** Any stored status other than "active" reads as "suspended": an unknown state grants nothing. */
export function statusOf(stored: unknown): PartnerStatus {
  return stored === "active" ? "active" : "suspended";
}

/** A partner from its stored fields (shared with the in-memory twin). */
export function partnerFrom(id: string, data: DocumentData): Partner {
  return { id, status: statusOf(data.status), dailyRequestQuota: quotaOf(data.dailyRequestQuota) };
}

/** A stored quota is a whole number ≥ 0; anything else (absent, or written by hand in another shape) is none. */
function quotaOf(stored: unknown): number | null {
  return typeof stored === "number" && Number.isSafeInteger(stored) && stored >= 0 ? stored : null;
}
