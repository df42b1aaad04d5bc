import type { PartnersRepository } from "../../domain/access/ports.js";
import { createMemoryDatabase, type MemoryDatabase } from "../memory-database.js";
import { documentPath, partnerDocument, statusOf } from "../model.js";

/**
 * The partners port in memory, for fast tests: the Firestore implementation's document shape at the
 * same path, so a test may store an odd status the way a direct writer could.
 */
export function createInMemoryPartners(
  db: MemoryDatabase = createMemoryDatabase(),
  clock: () => Date = () => new Date(),
): PartnersRepository {
  const path = (partnerId: string) => documentPath("partners", partnerId);
  return {
    async getPartner(partnerId) {
      const found = db.get<{ status: unknown }>(path(partnerId));
      return found ? { id: partnerId, status: statusOf(found.status) } : null;
    },
    async createPartner(partner) {
      if (db.get(path(partner.id))) return false;
      db.set(path(partner.id), partnerDocument(partner, clock()));
      return true;
    },
    async setPartnerStatus(partnerId, status) {
      db.update(path(partnerId), { status });
    },
  };
}
