import type { Firestore } from "firebase-admin/firestore";
import type { ReplayState, WebhookReplaysRepository } from "../../domain/webhooks/ports.js";
import { documentPath } from "../model.js";

/**
 * The replay state over Firestore: every endpoint's in one document beside the endpoints
 * (model.ts: `partners/{partnerId}/webhooks/replays`), changed in transactions.
 * Replays are rare (a partner recovering from an outage), so one document's write rate is no bound.
 * firestore.rules gives clients no access to it.
 */
export function createWebhookReplaysRepository(db: Firestore): WebhookReplaysRepository {
  const doc = (partnerId: string) => db.doc(documentPath("webhookReplays", partnerId));
  return {
    change: (partnerId, endpointId, change) =>
      db.runTransaction(async (tx) => {
        const current = ((await tx.get(doc(partnerId))).get(endpointId) as ReplayState | undefined) ?? null;
        const { state, result } = change(current);
        if (state) tx.set(doc(partnerId), { [endpointId]: state }, { merge: true });
        return result;
      }),
  };
}
