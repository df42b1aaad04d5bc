import type { Firestore } from "firebase-admin/firestore";
import type { ReplayState, WebhookReplaysRepository } from "../domain/webhook-replays-repository.js";

/**
 * The replay state over Firestore: every endpoint's in one document beside the endpoints,
 * `partners/{partnerId}/webhooks/replays` = `{ [endpointId]: ReplayState }`, changed in transactions.
 * Replays are rare (a partner recovering from an outage), so one document's write rate is no bound.
 * firestore.rules gives clients no access to it.
 */
export function createWebhookReplaysRepository(db: Firestore): WebhookReplaysRepository {
  const doc = (partnerId: string) => db.doc(`partners/${partnerId}/webhooks/replays`);
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
