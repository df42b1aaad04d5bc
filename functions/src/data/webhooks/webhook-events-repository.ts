import { Timestamp, type Firestore } from "firebase-admin/firestore";
import type { WebhookEventsRepository } from "../../domain/webhooks/ports.js";
import { firebaseErrorKind } from "../../firebase-errors.js";
import { collectionPath, documentPath, webhookEventConverter } from "../model.js";
import { newestFirstPage } from "../newest-first-page.js";

/**
 * The webhook events port over Firestore (model.ts: `partners/{partnerId}/webhookEvents/{eventId}`,
 * with the TTL field expiresAt). Created with
 * `create`, which fails on an existing document, so one change makes one event however often its
 * trigger runs. firestore.rules gives clients no access to them; partners read them through the API.
 * The list query (type in, createdAt range, newest first) is served by the composite index
 * webhookEvents (type, createdAt desc, __name__ desc) of firestore.indexes.json.
 */
export function createWebhookEventsRepository(db: Firestore): WebhookEventsRepository {
  const doc = (partnerId: string, eventId: string) =>
    db.doc(documentPath("webhookEvents", partnerId, eventId));
  const get = async (partnerId: string, eventId: string) => {
    const snap = await doc(partnerId, eventId).get();
    const data = snap.data();
    return data ? webhookEventConverter.fromFirestore(snap.id, data) : null;
  };
  return {
    async createIfAbsent(partnerId, event) {
      try {
        await doc(partnerId, event.id).create(webhookEventConverter.toFirestore(event));
        return event;
      } catch (error) {
        if (firebaseErrorKind(error) !== "already-exists") throw error;
        const stored = await get(partnerId, event.id);
        if (!stored) throw error;
        return stored;
      }
    },
    get,
    async list(partnerId, { types, notBefore, limit, after }) {
      const query = db
        .collection(collectionPath("webhookEvents", partnerId))
        .where("type", "in", [...types])
        .where("createdAt", ">=", Timestamp.fromDate(notBefore));
      const page = await newestFirstPage(query, limit, after, (snap) =>
        webhookEventConverter.fromFirestore(snap.id, snap.data()),
      );
      return page.map(({ item, cursor }) => ({ event: item, cursor }));
    },
  };
}
