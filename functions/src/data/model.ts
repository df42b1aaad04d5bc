import { Timestamp, type DocumentData, type DocumentSnapshot } from "firebase-admin/firestore";
import type { ClientCredential } from "../domain/credentials/ports.js";
import type { IdempotencyRecord } from "../domain/entries/ports.js";
import type { EntryVersion } from "../domain/entries/entry-history.js";
import type { Entry } from "../domain/entries/entry-schema.js";
import type { Partner, PartnerStatus } from "../domain/access/ports.js";
import type { EventRecord, WebhookEndpoint } from "../domain/webhooks/ports.js";
import type { Delivery } from "../domain/webhooks/webhook-schema.js";

/**
 * The stored data model, written once: every Firestore collection this project reads or writes, where
 * it lives, who writes and who reads it, and how each document converts between its stored shape
 * (Timestamps at rest) and the domain's (RFC 3339 strings). The repositories, their in-memory twins,
 * the trigger's path, the CLI, the seed and the bench all take paths and shapes from here;
 * docs/data-model.md is checked against COLLECTIONS (model.test.ts), and firestore.rules must accept
 * what the API writes where it allows direct writes (test/rules/api-writes.test.ts).
 */

interface CollectionSpec {
  /** The document path, `{name}` for each id, in the syntax of Firestore trigger paths. */
  readonly document: string;
  readonly holds: string;
  readonly writers: string;
  readonly readers: string;
}

export const COLLECTIONS = {
  partners: {
    document: "partners/{partnerId}",
    holds:
      "a partner: `{ name, status, createdAt, dailyRequestQuota? }`; any status but active reads as " +
      "suspended, a quota that is not a whole number ≥ 0 as none",
    writers:
      "claims CLI (`grant`, `import`, `credentials create`: created active; `partners suspend/activate/set-quota`), seed",
    readers:
      "API (status and quota, on every call), firestore.rules (status), claims CLI (`partners`), the partner itself while active",
  },
  entries: {
    document: "partners/{partnerId}/entries/{entryId}",
    holds: "an entry (DESIGN.md): the Entry fields but its id, times as Timestamps",
    writers: "API (create, PATCH), partners directly (create only, validated by firestore.rules)",
    readers: "API, partners directly (`entries:read`), trigger `publishEntryEvents`",
  },
  entryVersions: {
    document: "partners/{partnerId}/entries/{entryId}/versions/{version}",
    holds: "one version of an entry's history: `{ version, action, changes, actor, at }`",
    writers: "API, in the transaction of each create and change",
    readers: "API (`/versions`), partners directly (`entries:read`)",
  },
  externalIds: {
    document: "partners/{partnerId}/externalIds/{externalId}",
    holds: "the claim that keeps an externalId unique per partner: exactly `{ entryId }`",
    writers: "API, partners directly (only in the batch creating the entry it names)",
    readers: "API, firestore.rules (`getAfter`)",
  },
  idempotencyKeys: {
    document: "partners/{partnerId}/idempotencyKeys/{keyHash}",
    holds: "a create's first response for 24 hours: `{ requestHash, status, body, expiresAt }` (TTL)",
    writers: "API",
    readers: "API",
  },
  webhookEndpoints: {
    document: "partners/{partnerId}/webhooks/endpoints",
    holds: "all of a partner's webhook endpoints (at most 16) and their signing secrets: `{ endpoints }`",
    writers: "API",
    readers: "API, trigger `publishEntryEvents`, task queue `deliverWebhook`",
  },
  webhookReplays: {
    document: "partners/{partnerId}/webhooks/replays",
    holds:
      "every endpoint's replay state in one document, changed in transactions: `{ [endpointId]: ReplayState }`",
    writers: "API (`POST /v1/webhooks/{id}/replay`), task queue `deliverWebhook` (replay attempts)",
    readers: "API, task queue `deliverWebhook`",
  },
  webhookEvents: {
    document: "partners/{partnerId}/webhookEvents/{eventId}",
    holds: "one webhook event: `{ type, createdAt, payload, endpointIds, expiresAt }` (TTL)",
    writers: "trigger `publishEntryEvents`, API (pings)",
    readers:
      "task queue `deliverWebhook`, API (`GET /v1/events`, replays; composite index in firestore.indexes.json)",
  },
  webhookDeliveries: {
    document: "partners/{partnerId}/webhookEndpoints/{endpointId}/deliveries/{deliveryId}",
    holds: "one delivery attempt: the Delivery fields, times as Timestamps, `expiresAt` (TTL)",
    writers: "trigger `publishEntryEvents`, task queue `deliverWebhook`, API (pings)",
    readers: "API (delivery log)",
  },
  usage: {
    document: "partners/{partnerId}/usage/{date}",
    holds:
      "a partner's requests on one UTC day (id YYYY-MM-DD), written only as increments: " +
      '`{ requests, byStatusClass: { "2xx", ... }, byRoute: { "GET /v1/entries": n, ... } }`',
    writers: "API (the usage meter's flush)",
    readers: "API (`GET /v1/usage`, the daily quota), claims CLI (`usage`)",
  },
  clientCredentials: {
    document: "clientCredentials/{clientId}",
    holds: "a machine credential: partner, scopes, status, secret hashes with their validity",
    writers: "claims CLI (`credentials create/rotate/revoke`)",
    readers: "API (token endpoint), claims CLI",
  },
  revocations: {
    document: "revocations/{uid}",
    holds: "`{ revokedAt: <Unix seconds>, updatedAt }`: tokens signed in before revokedAt are refused",
    writers: "claims CLI (`revoke`, narrowing grants, `credentials revoke`)",
    readers: "firestore.rules, storage.rules",
  },
  auditLogs: {
    document: "auditLogs/{auditId}",
    holds: "`{ ...event, ...context, time }`, with `state` for a two-step change; never a secret",
    writers: "claims CLI, API (token endpoint)",
    readers: "claims CLI (pending changes); operators",
  },
  triggerProbes: {
    document: "triggerProbes/{eventId}",
    holds:
      "emulator stack only: a Storage event as a probe received it, `{ name, type, starts, event }` (never deployed)",
    writers: "the Storage trigger probes (`functions/src/probes`, `PARTNER_API_TRIGGER_PROBES=1`)",
    readers: "`test/api/storage-triggers.test.ts`, `npm run bench`",
  },
} as const satisfies Record<string, CollectionSpec>;

export type CollectionName = keyof typeof COLLECTIONS;

/** The ids a path template names, in order. */
type Ids<T extends string> = T extends `${string}{${string}}${infer Rest}` ? [string, ...Ids<Rest>] : [];
/** All but the last: the ids of a document's collection. */
type ParentIds<T extends string> = Ids<T> extends [...infer Parent extends string[], string] ? Parent : never;

function fill(template: string, ids: readonly string[]): string {
  let index = 0;
  return template.replace(/\{[^}]+\}/g, () => ids[index++] ?? "");
}

/** The document path of `name` for these ids, e.g. `documentPath("entries", "acme", "e_1")`. */
export function documentPath<N extends CollectionName>(
  name: N,
  ...ids: Ids<(typeof COLLECTIONS)[N]["document"]>
): string {
  return fill(COLLECTIONS[name].document, ids);
}

/** The path of the collection holding `name`'s documents, e.g. `collectionPath("entries", "acme")`. */
export function collectionPath<N extends CollectionName>(
  name: N,
  ...ids: ParentIds<(typeof COLLECTIONS)[N]["document"]>
): string {
  const template = COLLECTIONS[name].document;
  return fill(template.slice(0, template.lastIndexOf("/")), ids);
}

// ---- Conversions between the stored shapes and the domain's.

const timestamp = (iso: string) => Timestamp.fromDate(new Date(iso));
const timestampOrNull = (iso: string | null) => (iso === null ? null : timestamp(iso));
const iso = (value: unknown) => (value as Timestamp).toDate().toISOString();
const isoOrNull = (value: unknown) => (value ? iso(value) : null);

/**
 * How long webhook events and delivery records are kept: far past the last retry (about 28 hours
 * after an event), so a partner can still read a delivery log a month back. Firestore's TTL policy
 * on `expiresAt` (firestore.indexes.json) deletes them after that.
 */
export const WEBHOOK_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

/** The TTL field of a webhook record created at `createdAt` (RFC 3339). */
export function expiresAtFor(createdAt: string): Timestamp {
  return Timestamp.fromMillis(Date.parse(createdAt) + WEBHOOK_RETENTION_MS);
}

/** The stored shape of a partner; its name is its id until partners get names of their own. */
export function partnerDocument(partner: Pick<Partner, "id" | "status">, createdAt: Date) {
  return { name: partner.id, status: partner.status, createdAt: Timestamp.fromDate(createdAt) };
}

/** Any stored status other than "active" reads as "suspended": an unknown state grants nothing. */
export function statusOf(stored: unknown): PartnerStatus {
  return stored === "active" ? "active" : "suspended";
}

/** A partner from its stored fields (shared with the in-memory twin). */
export function partnerFrom(id: string, data: DocumentData): Partner {
  return { id, status: statusOf(data.status), dailyRequestQuota: quotaOf(data.dailyRequestQuota) };
}

/** A stored quota is a whole number ≥ 0; anything else (absent, or written by hand in another shape) is none. */
function quotaOf(stored: unknown): number | null {
  return typeof stored === "number" && Number.isSafeInteger(stored) && stored >= 0 ? stored : null;
}

export const entryConverter = {
  toFirestore(entry: Entry): DocumentData {
    const { id: _id, externalId, ...fields } = entry;
    return {
      ...fields,
      // An absent externalId is left out rather than stored as null, as firestore.rules expects.
      ...(externalId === null ? {} : { externalId }),
      occurredAt: timestamp(entry.occurredAt),
      createdAt: timestamp(entry.createdAt),
      updatedAt: timestamp(entry.updatedAt),
    };
  },
  fromFirestore(id: string, data: DocumentData): Entry {
    return {
      id,
      partnerId: data.partnerId,
      externalId: data.externalId ?? null,
      type: data.type,
      amountMinor: data.amountMinor,
      currency: data.currency,
      description: data.description,
      category: data.category,
      occurredAt: iso(data.occurredAt),
      status: data.status,
      version: data.version,
      createdAt: iso(data.createdAt),
      updatedAt: iso(data.updatedAt),
    };
  },
};

/** An entry document as the API returns it, or null when it does not exist (also for triggers). */
export function entryFrom(snap: Pick<DocumentSnapshot, "id" | "data">): Entry | null {
  const data = snap.data();
  return data ? entryConverter.fromFirestore(snap.id, data) : null;
}

/** The claim on an externalId, in the shape firestore.rules checks: `{ entryId }` only. */
export const externalIdClaim = (entryId: string) => ({ entryId });

// Entry fields that are Firestore timestamps at rest; a version's before and after store them alike.
const TIMESTAMP_FIELDS = new Set(["occurredAt", "createdAt", "updatedAt"]);

export const entryVersionConverter = {
  toFirestore(version: EntryVersion): DocumentData {
    const changes = Object.fromEntries(
      Object.entries(version.changes).map(([field, { before, after }]) => {
        const stored = (value: unknown) =>
          TIMESTAMP_FIELDS.has(field) && typeof value === "string" ? timestamp(value) : value;
        return [field, { before: stored(before), after: stored(after) }];
      }),
    );
    return { ...version, changes, at: timestamp(version.at) };
  },
  fromFirestore(data: DocumentData): EntryVersion {
    const changes = Object.fromEntries(
      Object.entries(data.changes as Record<string, { before: unknown; after: unknown }>).map(
        ([field, { before, after }]) => {
          const read = (value: unknown) => (value instanceof Timestamp ? iso(value) : value);
          return [field, { before: read(before), after: read(after) }];
        },
      ),
    );
    return { version: data.version, action: data.action, changes, actor: data.actor, at: iso(data.at) };
  },
};

export const idempotencyRecordConverter = {
  toFirestore(record: IdempotencyRecord): DocumentData {
    // The body is stored as a JSON string so the replay is byte-for-byte the first response.
    // expiresAt is the Firestore TTL field (see firestore.indexes.json) that deletes old keys.
    return {
      requestHash: record.requestHash,
      status: record.status,
      body: JSON.stringify(record.body),
      expiresAt: timestamp(record.expiresAt),
    };
  },
  fromFirestore(data: DocumentData): IdempotencyRecord {
    return {
      requestHash: data.requestHash,
      status: data.status,
      body: JSON.parse(data.body) as Entry,
      expiresAt: iso(data.expiresAt),
    };
  },
};

export const clientCredentialConverter = {
  toFirestore(credential: ClientCredential): DocumentData {
    const { clientId: _clientId, ...fields } = credential;
    return {
      ...fields,
      secrets: credential.secrets.map((secret) => ({
        hash: secret.hash,
        createdAt: timestamp(secret.createdAt),
        validUntil: timestampOrNull(secret.validUntil),
      })),
      createdAt: timestamp(credential.createdAt),
      revokedAt: timestampOrNull(credential.revokedAt),
    };
  },
  fromFirestore(clientId: string, data: DocumentData): ClientCredential {
    return {
      clientId,
      partnerId: data.partnerId,
      scopes: data.scopes,
      name: data.name ?? null,
      status: data.status === "active" ? "active" : "revoked",
      secrets: (data.secrets as DocumentData[]).map((secret) => ({
        hash: secret.hash,
        createdAt: iso(secret.createdAt),
        validUntil: isoOrNull(secret.validUntil),
      })),
      createdAt: iso(data.createdAt),
      revokedAt: isoOrNull(data.revokedAt),
    };
  },
};

export const webhookEndpointsConverter = {
  toFirestore(endpoints: WebhookEndpoint[]): DocumentData {
    return {
      endpoints: endpoints.map((endpoint) => ({
        ...endpoint,
        secrets: endpoint.secrets.map(({ secret, expiresAt }) => ({
          secret,
          expiresAt: timestampOrNull(expiresAt),
        })),
        createdAt: timestamp(endpoint.createdAt),
        updatedAt: timestamp(endpoint.updatedAt),
      })),
    };
  },
  fromFirestore(data: DocumentData | undefined): WebhookEndpoint[] {
    return ((data?.endpoints ?? []) as DocumentData[]).map((stored) => ({
      id: stored.id,
      url: stored.url,
      events: stored.events,
      description: stored.description,
      status: stored.status,
      disabledReason: stored.disabledReason,
      secrets: (stored.secrets as DocumentData[]).map(({ secret, expiresAt }) => ({
        secret,
        expiresAt: isoOrNull(expiresAt),
      })),
      createdAt: iso(stored.createdAt),
      updatedAt: iso(stored.updatedAt),
    }));
  },
};

export const webhookEventConverter = {
  toFirestore(event: EventRecord): DocumentData {
    const { id: _id, ...fields } = event;
    return { ...fields, createdAt: timestamp(event.createdAt), expiresAt: expiresAtFor(event.createdAt) };
  },
  fromFirestore(id: string, data: DocumentData): EventRecord {
    return {
      id,
      type: data.type,
      createdAt: iso(data.createdAt),
      payload: data.payload,
      endpointIds: data.endpointIds,
    };
  },
};

export const webhookDeliveryConverter = {
  toFirestore(delivery: Delivery): DocumentData {
    return {
      ...delivery,
      scheduledAt: timestamp(delivery.scheduledAt),
      createdAt: timestamp(delivery.createdAt),
      expiresAt: expiresAtFor(delivery.createdAt),
    };
  },
  fromFirestore(data: DocumentData): Delivery {
    const { expiresAt: _expiresAt, ...fields } = data;
    return { ...(fields as Delivery), scheduledAt: iso(data.scheduledAt), createdAt: iso(data.createdAt) };
  },
};

/** A revocation record: tokens whose sign-in (auth_time) is before `revokedAtSeconds` are refused. */
export const revocationDocument = (revokedAtSeconds: number, updatedAt: Date) => ({
  revokedAt: revokedAtSeconds,
  updatedAt: Timestamp.fromDate(updatedAt),
});
