import { cursorAt, newestFirst } from "../../domain/page-token.js";
import type { WebhookDeliveriesRepository } from "../../domain/webhooks/ports.js";
import type { Delivery } from "../../domain/webhooks/webhook-schema.js";
import { createMemoryDatabase, type MemoryDatabase } from "../memory-database.js";
import { collectionPath } from "../model.js";

/** The delivery log in memory, for fast tests: the Firestore implementation's paths, order and semantics. */
export function createInMemoryWebhookDeliveries(
  db: MemoryDatabase = createMemoryDatabase(),
): WebhookDeliveriesRepository {
  const collection = (partnerId: string, endpointId: string) =>
    collectionPath("webhookDeliveries", partnerId, endpointId);
  return {
    get: async (partnerId, endpointId, deliveryId) =>
      db.get<Delivery>(`${collection(partnerId, endpointId)}/${deliveryId}`),
    async recordScheduled(partnerId, endpointId, delivery) {
      const path = `${collection(partnerId, endpointId)}/${delivery.id}`;
      if (!db.get(path)) db.set(path, delivery);
    },
    async recordOutcome(partnerId, endpointId, delivery) {
      db.set(`${collection(partnerId, endpointId)}/${delivery.id}`, delivery);
    },
    async list(partnerId, endpointId, limit, after) {
      return db
        .list<Delivery>(collection(partnerId, endpointId))
        .map(({ data }) => ({ delivery: data, cursor: cursorAt(data.createdAt, data.id) }))
        .sort((a, b) => newestFirst(a.cursor, b.cursor))
        .filter(({ cursor }) => !after || newestFirst(cursor, after) > 0)
        .slice(0, limit);
    },
  };
}
