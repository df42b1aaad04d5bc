import type { ReplayState, WebhookReplaysRepository } from "../../domain/webhooks/ports.js";
import { createMemoryDatabase, type MemoryDatabase } from "../memory-database.js";
import { documentPath } from "../model.js";

/** The replay state in memory, for fast tests: the Firestore implementation's document and transactions. */
export function createInMemoryWebhookReplays(
  db: MemoryDatabase = createMemoryDatabase(),
): WebhookReplaysRepository {
  const path = (partnerId: string) => documentPath("webhookReplays", partnerId);
  return {
    change: (partnerId, endpointId, change) =>
      db.runTransaction(async (tx) => {
        const all = (await tx.get<Record<string, ReplayState>>(path(partnerId))) ?? {};
        const { state, result } = change(all[endpointId] ?? null);
        if (state) tx.set(path(partnerId), { ...all, [endpointId]: state });
        return result;
      }),
  };
}
