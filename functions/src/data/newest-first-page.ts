import { FieldPath, Timestamp, type Query, type QueryDocumentSnapshot } from "firebase-admin/firestore";
import type { EntryCursor } from "../domain/entries-repository.js";

/**
 * One page of a collection (or a query of one) newest first by `createdAt`, the document id breaking ties, starting just
 * after `after`. createdAt is fixed at creation, so a cursor position never moves: documents added while
 * a client pages land before its cursor, never inside the pages ahead. Each document comes back with
 * the cursor that continues just after it, at the timestamp's full precision.
 */
export async function newestFirstPage<T>(
  collection: Query,
  limit: number,
  after: EntryCursor | null,
  read: (doc: QueryDocumentSnapshot) => T,
): Promise<{ item: T; cursor: EntryCursor }[]> {
  let query = collection.orderBy("createdAt", "desc").orderBy(FieldPath.documentId(), "desc");
  if (after) {
    const { seconds, nanoseconds } = after.createdAt;
    query = query.startAfter(new Timestamp(seconds, nanoseconds), after.id);
  }
  const snap = await query.limit(limit).get();
  return snap.docs.map((doc) => {
    const createdAt = doc.get("createdAt") as Timestamp;
    return {
      item: read(doc),
      cursor: { createdAt: { seconds: createdAt.seconds, nanoseconds: createdAt.nanoseconds }, id: doc.id },
    };
  });
}
