import type {
  EventRecord,
  WebhookEventsRepository,
} from "../../domain/webhooks/webhook-events-repository.js";
import { createMemoryDatabase, type MemoryDatabase } from "../memory-database.js";
import { documentPath } from "../model.js";

/** The webhook events port in memory, for fast tests: the Firestore implementation's paths and semantics. */
export function createInMemoryWebhookEvents(
  db: MemoryDatabase = createMemoryDatabase(),
): WebhookEventsRepository {
  const path = (partnerId: string, eventId: string) => documentPath("webhookEvents", partnerId, eventId);
  return {
    async createIfAbsent(partnerId, event) {
      const stored = db.get<EventRecord>(path(partnerId, event.id));
      if (stored) return stored;
      db.set(path(partnerId, event.id), event);
      return event;
    },
    get: async (partnerId, eventId) => db.get<EventRecord>(path(partnerId, eventId)),
  };
}
