import { addCounts, emptyCounts, type DayCounts, type UsageRepository } from "../domain/usage-repository.js";
import { createMemoryDatabase, type MemoryDatabase } from "./memory-database.js";

/**
 * The usage port in memory, for fast tests: the Firestore implementation's documents and semantics
 * (each add is one atomic increment of the day's document, as a merge of increments is).
 */
export function createInMemoryUsage(db: MemoryDatabase = createMemoryDatabase()): UsageRepository & {
  /** How many adds (Firestore writes) have been made. */
  writes(): number;
} {
  const path = (partnerId: string, date: string) => `partners/${partnerId}/usage/${date}`;
  let writes = 0;
  return {
    async add(partnerId, date, counts) {
      writes++;
      const stored = db.get<DayCounts>(path(partnerId, date)) ?? emptyCounts();
      db.set(path(partnerId, date), addCounts(stored, counts));
    },
    async days(partnerId, from, to) {
      return new Map(
        db
          .list<DayCounts>(`partners/${partnerId}/usage`)
          .filter(({ id }) => id >= from && id <= to)
          .map(({ id, data }) => [id, data]),
      );
    },
    writes: () => writes,
  };
}
