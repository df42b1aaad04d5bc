import { cursorAt, newestFirst } from "../../domain/page-token.js";
import type { EventRecord, WebhookEventsRepository } from "../../domain/webhooks/ports.js";
import { createMemoryDatabase, type MemoryDatabase } from "../memory-database.js";
import { collectionPath, documentPath } from "../model.js";

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
    async list(partnerId, { types, notBefore, limit, after }) {
      return db
        .list<EventRecord>(collectionPath("webhookEvents", partnerId))
        .map(({ data }) => data)
        .filter((event) => types.includes(event.type) && Date.parse(event.createdAt) >= notBefore.getTime())
        .map((event) => ({ event, cursor: cursorAt(event.createdAt, event.id) }))
        .sort((a, b) => newestFirst(a.cursor, b.cursor))
        .filter(({ cursor }) => !after || newestFirst(cursor, after) > 0)
        .slice(0, limit);
    },
  };
}
