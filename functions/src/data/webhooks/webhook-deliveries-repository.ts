import type { Firestore } from "firebase-admin/firestore";
import type { WebhookDeliveriesRepository } from "../../domain/webhooks/ports.js";
import { firebaseErrorKind } from "../../firebase-errors.js";
import { collectionPath, webhookDeliveryConverter } from "../model.js";
import { newestFirstPage } from "../newest-first-page.js";

/**
 * The delivery log over Firestore, one document per attempt (model.ts: webhookDeliveries).
 * firestore.rules gives clients no access to them; partners read them through the API.
 */
export function createWebhookDeliveriesRepository(db: Firestore): WebhookDeliveriesRepository {
  const deliveries = (partnerId: string, endpointId: string) =>
    db.collection(collectionPath("webhookDeliveries", partnerId, endpointId));
  return {
    async get(partnerId, endpointId, deliveryId) {
      const data = (await deliveries(partnerId, endpointId).doc(deliveryId).get()).data();
      return data ? webhookDeliveryConverter.fromFirestore(data) : null;
    },
    async recordScheduled(partnerId, endpointId, delivery) {
      try {
        await deliveries(partnerId, endpointId)
          .doc(delivery.id)
          .create(webhookDeliveryConverter.toFirestore(delivery));
      } catch (error) {
        if (firebaseErrorKind(error) !== "already-exists") throw error;
      }
    },
    async recordOutcome(partnerId, endpointId, delivery) {
      await deliveries(partnerId, endpointId)
        .doc(delivery.id)
        .set(webhookDeliveryConverter.toFirestore(delivery));
    },
    async list(partnerId, endpointId, limit, after) {
      const page = await newestFirstPage(deliveries(partnerId, endpointId), limit, after, (doc) =>
        webhookDeliveryConverter.fromFirestore(doc.data()),
      );
      return page.map(({ item, cursor }) => ({ delivery: item, cursor }));
    },
  };
}
