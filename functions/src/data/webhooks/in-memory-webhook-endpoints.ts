import { runAttempt } from "../../domain/request-deadline.js";
import type { WebhookEndpoint, WebhookEndpointsRepository } from "../../domain/webhooks/ports.js";
import { createMemoryDatabase, type MemoryDatabase } from "../memory-database.js";
import { documentPath } from "../model.js";

/**
 * The webhook endpoints port in memory, for fast tests: one document per partner at the Firestore
 * implementation's path, changed in the same serializable transactions.
 */
export function createInMemoryWebhookEndpoints(
  db: MemoryDatabase = createMemoryDatabase(),
): WebhookEndpointsRepository {
  const path = (partnerId: string) => documentPath("webhookEndpoints", partnerId);
  return {
    async list(partnerId) {
      return db.get<{ endpoints: WebhookEndpoint[] }>(path(partnerId))?.endpoints ?? [];
    },
    change: (partnerId, change, deadline) =>
      db.runTransaction((tx) =>
        runAttempt(deadline, async () => {
          const current = (await tx.get<{ endpoints: WebhookEndpoint[] }>(path(partnerId)))?.endpoints ?? [];
          const { endpoints, result } = change(current);
          tx.set(path(partnerId), { endpoints });
          return result;
        }),
      ),
  };
}
