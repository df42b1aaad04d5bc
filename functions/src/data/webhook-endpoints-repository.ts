import { Timestamp, type DocumentData, type Firestore } from "firebase-admin/firestore";
import { runAttempt } from "../domain/request-deadline.js";
import type { WebhookEndpoint, WebhookEndpointsRepository } from "../domain/webhook-endpoints-repository.js";

/**
 * The webhook endpoints port over Firestore: a partner's endpoints (at most 16, with their signing
 * secrets) in one document, `partners/{partnerId}/webhooks/endpoints` = `{ endpoints: [...] }`. One
 * document because every entry change reads the whole set (one read, not a query), and the bound is
 * then kept by a plain transaction on it. firestore.rules gives clients no access to it.
 */
export function createWebhookEndpointsRepository(db: Firestore): WebhookEndpointsRepository {
  const doc = (partnerId: string) => db.doc(`partners/${partnerId}/webhooks/endpoints`);
  return {
    async list(partnerId) {
      return endpointsFrom((await doc(partnerId).get()).data());
    },
    change: (partnerId, change, deadline) =>
      db.runTransaction((tx) =>
        runAttempt(deadline, async () => {
          const current = endpointsFrom((await tx.get(doc(partnerId))).data());
          const { endpoints, result } = change(current);
          tx.set(doc(partnerId), { endpoints: endpoints.map(toStored) });
          return result;
        }),
      ),
  };
}

const timestamp = (iso: string) => Timestamp.fromDate(new Date(iso));
const iso = (value: unknown) => (value as Timestamp).toDate().toISOString();

function toStored(endpoint: WebhookEndpoint): DocumentData {
  return {
    ...endpoint,
    secrets: endpoint.secrets.map(({ secret, expiresAt }) => ({
      secret,
      expiresAt: expiresAt === null ? null : timestamp(expiresAt),
    })),
    createdAt: timestamp(endpoint.createdAt),
    updatedAt: timestamp(endpoint.updatedAt),
  };
}

function endpointsFrom(data: DocumentData | undefined): WebhookEndpoint[] {
  return ((data?.endpoints ?? []) as DocumentData[]).map((stored) => ({
    id: stored.id,
    url: stored.url,
    events: stored.events,
    description: stored.description,
    status: stored.status,
    disabledReason: stored.disabledReason,
    secrets: (stored.secrets as DocumentData[]).map(({ secret, expiresAt }) => ({
      secret,
      expiresAt: expiresAt === null ? null : iso(expiresAt),
    })),
    createdAt: iso(stored.createdAt),
    updatedAt: iso(stored.updatedAt),
  }));
}
