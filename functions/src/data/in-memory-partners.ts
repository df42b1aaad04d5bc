import type { PartnersRepository } from "../domain/partners-repository.js";
import { createMemoryDatabase, type MemoryDatabase } from "./memory-database.js";
import { partnerDocument, partnerFrom } from "./partners-repository.js";

/**
 * The partners port in memory, for fast tests: the Firestore implementation's document shape at the
 * same path, so a test may store an odd status the way a direct writer could.
 */
export function createInMemoryPartners(
  db: MemoryDatabase = createMemoryDatabase(),
  clock: () => Date = () => new Date(),
): PartnersRepository {
  const path = (partnerId: string) => `partners/${partnerId}`;
  return {
    async getPartner(partnerId) {
      const found = db.get<Record<string, unknown>>(path(partnerId));
      return found ? partnerFrom(partnerId, found) : null;
    },
    async listPartners() {
      return db
        .list<Record<string, unknown>>("partners")
        .map(({ id, data }) => partnerFrom(id, data))
        .sort((a, b) => (a.id < b.id ? -1 : 1));
    },
    async createPartner(partner) {
      if (db.get(path(partner.id))) return false;
      db.set(path(partner.id), partnerDocument(partner, clock()));
      return true;
    },
    async setPartnerStatus(partnerId, status) {
      db.update(path(partnerId), { status });
    },
    async setDailyRequestQuota(partnerId, quota) {
      // update() refuses a missing partner (NOT_FOUND), as Firestore's does; set() then drops the field.
      db.update(path(partnerId), {});
      const { dailyRequestQuota: _old, ...rest } = db.get<Record<string, unknown>>(path(partnerId)) ?? {};
      db.set(path(partnerId), quota === null ? rest : { ...rest, dailyRequestQuota: quota });
    },
  };
}
