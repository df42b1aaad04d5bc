import { FieldPath, Timestamp, type DocumentData, type Firestore } from "firebase-admin/firestore";
import type { WebhookDeliveriesRepository } from "../domain/webhook-deliveries-repository.js";
import type { Delivery } from "../domain/webhook-schema.js";
import { firebaseErrorKind } from "../firebase-errors.js";
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
      let query = deliveries(partnerId, endpointId)
        .orderBy("createdAt", "desc")
        .orderBy(FieldPath.documentId(), "desc");
      if (after) {
        const { seconds, nanoseconds } = after.createdAt;
        query = query.startAfter(new Timestamp(seconds, nanoseconds), after.id);
      }
      const snap = await query.limit(limit).get();
      return snap.docs.map((doc) => {
        const createdAt = doc.get("createdAt") as Timestamp;
        return {
          delivery: deliveryFrom(doc.data()),
          cursor: {
            createdAt: { seconds: createdAt.seconds, nanoseconds: createdAt.nanoseconds },
            id: doc.id,
          },
        };
      });
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
