import { FieldPath, FieldValue, type DocumentData, type Firestore } from "firebase-admin/firestore";
import { emptyCounts, type DayCounts, type UsageRepository } from "../domain/usage-repository.js";
import { STATUS_CLASSES } from "../domain/usage-schema.js";

/**
 * The usage port over Firestore: `partners/{partnerId}/usage/{YYYY-MM-DD}` =
 * `{ requests, byStatusClass: { "2xx", ... }, byRoute: { "GET /v1/entries": n, ... } }`, written only
 * with increments (set with merge: no read, no transaction, any number of instances at once). A range
 * is read by document id, which needs no composite index. firestore.rules gives clients no access.
 */
export function createUsageRepository(db: Firestore): UsageRepository {
  const days = (partnerId: string) => db.collection(`partners/${partnerId}/usage`);
  return {
    async add(partnerId, date, counts) {
      await days(partnerId)
        .doc(date)
        .set(
          {
            requests: FieldValue.increment(counts.requests),
            byStatusClass: increments(counts.byStatusClass),
            byRoute: increments(counts.byRoute),
          },
          { merge: true },
        );
    },
    async days(partnerId, from, to) {
      const snap = await days(partnerId).orderBy(FieldPath.documentId()).startAt(from).endAt(to).get();
      return new Map(snap.docs.map((doc) => [doc.id, countsFrom(doc.data())]));
    },
  };
}

/** Only the non-zero counts, each as an increment. */
function increments(counts: Record<string, number>): Record<string, FieldValue> {
  return Object.fromEntries(
    Object.entries(counts)
      .filter(([, n]) => n > 0)
      .map(([key, n]) => [key, FieldValue.increment(n)]),
  );
}

function countsFrom(data: DocumentData): DayCounts {
  const counts = emptyCounts();
  counts.requests = Number(data.requests ?? 0);
  for (const statusClass of STATUS_CLASSES) {
    counts.byStatusClass[statusClass] = Number(data.byStatusClass?.[statusClass] ?? 0);
  }
  counts.byRoute = { ...(data.byRoute as Record<string, number> | undefined) };
  return counts;
}
