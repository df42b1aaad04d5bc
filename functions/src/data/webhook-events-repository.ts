import { Timestamp, type DocumentData, type Firestore } from "firebase-admin/firestore";
import type { EventRecord, WebhookEventsRepository } from "../domain/webhook-events-repository.js";
import { firebaseErrorKind } from "../firebase-errors.js";
import { newestFirstPage } from "./newest-first-page.js";
import { expiresAtFor } from "./webhook-retention.js";

/**
 * The webhook events port over Firestore: `partners/{partnerId}/webhookEvents/{eventId}` =
 * `{ type, createdAt, payload, endpointIds, expiresAt }` (expiresAt: the TTL field). Created with
 * `create`, which fails on an existing document, so one change makes one event however often its
 * trigger runs. firestore.rules gives clients no access to them; partners read them through the API.
 * The list query (type in, createdAt range, newest first) is served by the composite index
 * webhookEvents (type, createdAt desc, __name__ desc) of firestore.indexes.json.
 */
export function createWebhookEventsRepository(db: Firestore): WebhookEventsRepository {
  const doc = (partnerId: string, eventId: string) =>
    db.doc(`partners/${partnerId}/webhookEvents/${eventId}`);
  const get = async (partnerId: string, eventId: string) => {
    const snap = await doc(partnerId, eventId).get();
    const data = snap.data();
    return data ? eventFrom(snap.id, data) : null;
  };
  return {
    async createIfAbsent(partnerId, event) {
      try {
        const { id: _id, ...fields } = event;
        await doc(partnerId, event.id).create({
          ...fields,
          createdAt: Timestamp.fromDate(new Date(event.createdAt)),
          expiresAt: expiresAtFor(event.createdAt),
        });
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
        .collection(`partners/${partnerId}/webhookEvents`)
        .where("type", "in", [...types])
        .where("createdAt", ">=", Timestamp.fromDate(notBefore));
      const page = await newestFirstPage(query, limit, after, (snap) => eventFrom(snap.id, snap.data()));
      return page.map(({ item, cursor }) => ({ event: item, cursor }));
    },
  };
}

function eventFrom(id: string, data: DocumentData): EventRecord {
  return {
    id,
    type: data.type,
    createdAt: (data.createdAt as Timestamp).toDate().toISOString(),
    payload: data.payload,
    endpointIds: data.endpointIds,
  };
}
