import type { Firestore } from "firebase-admin/firestore";
import { runAttempt } from "../../domain/request-deadline.js";
import type { WebhookEndpointsRepository } from "../../domain/webhooks/ports.js";
import { documentPath, webhookEndpointsConverter } from "../model.js";

/**
 * The webhook endpoints port over Firestore: a partner's endpoints (at most 16, with their signing
 * secrets) in one document (model.ts: `partners/{partnerId}/webhooks/endpoints`). One
 * document because every entry change reads the whole set (one read, not a query), and the bound is
 * then kept by a plain transaction on it. firestore.rules gives clients no access to it.
 */
export function createWebhookEndpointsRepository(db: Firestore): WebhookEndpointsRepository {
  const doc = (partnerId: string) => db.doc(documentPath("webhookEndpoints", partnerId));
  return {
    async list(partnerId) {
      return webhookEndpointsConverter.fromFirestore((await doc(partnerId).get()).data());
    },
    change: (partnerId, change, deadline) =>
      db.runTransaction((tx) =>
        runAttempt(deadline, async () => {
          const current = webhookEndpointsConverter.fromFirestore((await tx.get(doc(partnerId))).data());
          const { endpoints, result } = change(current);
          tx.set(doc(partnerId), webhookEndpointsConverter.toFirestore(endpoints));
          return result;
        }),
      ),
  };
}
