import { Timestamp, type DocumentData, type Firestore } from "firebase-admin/firestore";
import type { WebhookDeliveriesRepository } from "../domain/webhook-deliveries-repository.js";
import type { Delivery } from "../domain/webhook-schema.js";
import { firebaseErrorKind } from "../firebase-errors.js";
import { newestFirstPage } from "./newest-first-page.js";
import { expiresAtFor } from "./webhook-retention.js";

/**
 * The delivery log over Firestore: `partners/{partnerId}/webhookEndpoints/{endpointId}/deliveries/{id}`,
 * one document per attempt (the Delivery fields, times as Timestamps, and the TTL field expiresAt).
 * firestore.rules gives clients no access to them; partners read them through the API.
 */
export function createWebhookDeliveriesRepository(db: Firestore): WebhookDeliveriesRepository {
  const deliveries = (partnerId: string, endpointId: string) =>
    db.collection(`partners/${partnerId}/webhookEndpoints/${endpointId}/deliveries`);
  return {
    async get(partnerId, endpointId, deliveryId) {
      const data = (await deliveries(partnerId, endpointId).doc(deliveryId).get()).data();
      return data ? deliveryFrom(data) : null;
    },
    async recordScheduled(partnerId, endpointId, delivery) {
      try {
        await deliveries(partnerId, endpointId).doc(delivery.id).create(toStored(delivery));
      } catch (error) {
        if (firebaseErrorKind(error) !== "already-exists") throw error;
      }
    },
    async recordOutcome(partnerId, endpointId, delivery) {
      await deliveries(partnerId, endpointId).doc(delivery.id).set(toStored(delivery));
    },
    async list(partnerId, endpointId, limit, after) {
      const page = await newestFirstPage(deliveries(partnerId, endpointId), limit, after, (doc) =>
        deliveryFrom(doc.data()),
      );
      return page.map(({ item, cursor }) => ({ delivery: item, cursor }));
    },
  };
}

function toStored(delivery: Delivery): DocumentData {
  return {
    ...delivery,
    scheduledAt: Timestamp.fromDate(new Date(delivery.scheduledAt)),
    createdAt: Timestamp.fromDate(new Date(delivery.createdAt)),
    expiresAt: expiresAtFor(delivery.createdAt),
  };
}

function deliveryFrom(data: DocumentData): Delivery {
  const { expiresAt: _expiresAt, ...fields } = data;
  return {
    ...(fields as Delivery),
    scheduledAt: (data.scheduledAt as Timestamp).toDate().toISOString(),
    createdAt: (data.createdAt as Timestamp).toDate().toISOString(),
  };
}
