import type { Firestore } from "firebase-admin/firestore";
import type { WebhookEventsRepository } from "../../domain/webhooks/webhook-events-repository.js";
import { firebaseErrorKind } from "../../firebase-errors.js";
import { documentPath, webhookEventConverter } from "../model.js";

/**
 * The webhook events port over Firestore (model.ts: `partners/{partnerId}/webhookEvents/{eventId}`,
 * with the TTL field expiresAt). Created with
 * `create`, which fails on an existing document, so one change makes one event however often its
 * trigger runs. firestore.rules gives clients no access to them.
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
  };
}
