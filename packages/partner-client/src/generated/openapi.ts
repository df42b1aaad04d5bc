// Generated from the OpenAPI document the API serves; do not edit. `npm run generate:client` rewrites it,
// and scripts/openapi/client-types.test.ts fails while it differs from the document.

export type paths = {
  "/v1/health": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Check health
     * @description Whether the API is up.
     */
    get: operations["getHealth"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/openapi.json": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Get this OpenAPI document
     * @description This document.
     */
    get: operations["getOpenApiDocument"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/me": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Who am I
     * @description The calling partner, as its verified ID token says.
     */
    get: operations["getMe"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/entries": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List entries
     * @description Needs entries:read. Newest first; pass nextPageToken as pageToken for the next page.
     */
    get: operations["listEntries"];
    put?: never;
    /**
     * Create an entry
     * @description Needs entries:write. Send Idempotency-Key to retry safely for 24 hours: after a timeout, a 504 (outcome unknown) or a dropped connection, repeat the request with the same key. A taken externalId is 409 duplicate-external-id naming the entry that holds it.
     */
    post: operations["createEntry"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/entries/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Get an entry
     * @description Needs entries:read. One of the partner's entries; another partner's is 404.
     */
    get: operations["getEntry"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /**
     * Correct or void an entry
     * @description Needs entries:write. Corrects description or category, or voids the entry.
     */
    patch: operations["updateEntry"];
    trace?: never;
  };
  "/v1/entries/{id}/versions": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List an entry's history
     * @description Needs entries:read. The entry's history, oldest first: every create and change made through the API, with who made it (uid, partnerId, requestId), when, and each changed field's before and after. Pass nextPageToken as pageToken for the next page; another partner's entry is 404.
     */
    get: operations["listEntryVersions"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/oauth/token": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Get an access token
     * @description OAuth 2.0 client credentials grant (RFC 6749 §4.4). Authenticate the client with HTTP Basic (client_id:client_secret, each form-urlencoded) or the client_id and client_secret fields. Errors are RFC 6749 §5.2 bodies, not problem+json, except a backend outage (503). The same invalid_client answers an unknown client, a wrong secret and a revoked client; unauthorized_client a suspended partner; temporarily_unavailable too many failed attempts from this source.
     */
    post: operations["createToken"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/webhook-endpoints": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List webhook endpoints
     * @description Needs webhooks:manage. Newest first; pass nextPageToken as pageToken for the next page.
     */
    get: operations["listWebhookEndpoints"];
    put?: never;
    /**
     * Register a webhook endpoint
     * @description Needs webhooks:manage. Registers an endpoint for the given event types. The answer carries the signing secret, which is never shown again. At most 16 endpoints per partner (409 beyond).
     */
    post: operations["createWebhookEndpoint"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/webhook-endpoints/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Get a webhook endpoint
     * @description Needs webhooks:manage. One of the partner's endpoints (never its secret); another partner's is 404.
     */
    get: operations["getWebhookEndpoint"];
    put?: never;
    post?: never;
    /**
     * Delete a webhook endpoint
     * @description Needs webhooks:manage. Removes the endpoint; attempts still queued for it are dropped.
     */
    delete: operations["deleteWebhookEndpoint"];
    options?: never;
    head?: never;
    /**
     * Update a webhook endpoint
     * @description Needs webhooks:manage. Changes the URL, the event types, the description or the status.
     */
    patch: operations["updateWebhookEndpoint"];
    trace?: never;
  };
  "/v1/webhook-endpoints/{id}/rotate-secret": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Rotate an endpoint's signing secret
     * @description Needs webhooks:manage. A new signing secret, shown only in this answer. The previous one keeps signing for 24 hours, so deliveries carry both signatures (space-separated) until then.
     */
    post: operations["rotateWebhookEndpointSecret"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/webhook-endpoints/{id}/test": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Send a test ping
     * @description Needs webhooks:manage. Sends a ping event to the endpoint (also to a disabled one, to test a fix before enabling it), in one attempt: a failed ping is not retried and disables nothing but on 410. The attempt appears in the delivery log.
     */
    post: operations["testWebhookEndpoint"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/webhook-endpoints/{id}/deliveries": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List delivery attempts
     * @description Needs webhooks:manage. Every attempt to deliver an event to the endpoint, newest first: pending until it runs, then succeeded or failed with the receiver's status, the time it took and the start of its answer.
     */
    get: operations["listWebhookDeliveries"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/webhook-endpoints/{id}/replay": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Replay events
     * @description Needs webhooks:manage. Re-sends the partner's events since a time (at most 30 days back) to this endpoint, each once, signed like any delivery and with its original id in webhook-id, so a receiver that skips ids it has processed is safe. Each attempt appears in the endpoint's deliveries; failed ones are not retried (replay again). The endpoint must be enabled; one replay per endpoint runs at a time.
     */
    post: operations["replayWebhookEvents"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/events": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List events
     * @description Needs entries:read. The partner's entry events of the last 30 days, newest first, whether or not a webhook endpoint received them: each is exactly what a delivery carries, with the same id. Pass nextPageToken as pageToken for the next page; to catch up after an outage, pass the time of the last event you processed as createdAfter.
     */
    get: operations["listEvents"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/events/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Get an event
     * @description Needs entries:read. One of the partner's events of the last 30 days; another partner's is 404.
     */
    get: operations["getEvent"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/usage": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Get usage and quota
     * @description The partner's requests per UTC day (at most 93 days; default the last 7), by status class and route, and today's quota. Every authenticated request counts except the health, document and token routes; counts from other instances arrive within 10 seconds (the flush bound).
     */
    get: operations["getUsage"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
};
export type webhooks = Record<string, never>;
export type components = {
  schemas: {
    /**
     * @example {
     *       "id": "e_q3Zt8VnLw2Kp4Rx7",
     *       "partnerId": "acme",
     *       "externalId": "pos-4711",
     *       "type": "income",
     *       "amountMinor": 1250,
     *       "currency": "EUR",
     *       "description": "Lunch service",
     *       "category": "sales",
     *       "occurredAt": "2026-11-20T12:00:00.000Z",
     *       "status": "posted",
     *       "version": 1,
     *       "createdAt": "2026-11-20T12:00:01.250Z",
     *       "updatedAt": "2026-11-20T12:00:01.250Z"
     *     }
     */
    Entry: {
      id: string;
      partnerId: string;
      externalId: string | null;
      /** @enum {string} */
      type: "income" | "expense";
      amountMinor: number;
      currency: string;
      description: string;
      category: string;
      /** Format: date-time */
      occurredAt: string;
      /** @enum {string} */
      status: "posted" | "void";
      version: number;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      updatedAt: string;
    };
    /**
     * @example {
     *       "externalId": "pos-4711",
     *       "type": "income",
     *       "amountMinor": 1250,
     *       "currency": "EUR",
     *       "description": "Lunch service",
     *       "category": "sales",
     *       "occurredAt": "2026-11-20T12:00:00.000Z"
     *     }
     */
    CreateEntry: {
      /** @description The partner's own reference, e.g. a POS receipt id; unique per partner. */
      externalId?: string;
      /** @enum {string} */
      type: "income" | "expense";
      /** @description Amount in minor units (cents). */
      amountMinor: number;
      /** @description ISO 4217 code, e.g. EUR. */
      currency: string;
      description: string;
      category: string;
      /**
       * Format: date-time
       * @description RFC 3339 timestamp, between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z in UTC.
       */
      occurredAt: string;
    };
    /**
     * @example {
     *       "status": "void"
     *     }
     */
    UpdateEntry: {
      description?: string;
      category?: string;
      /**
       * @description Voids the entry; a void entry cannot be posted again.
       * @constant
       */
      status?: "void";
    };
    /**
     * @example {
     *       "data": [
     *         {
     *           "id": "e_q3Zt8VnLw2Kp4Rx7",
     *           "partnerId": "acme",
     *           "externalId": "pos-4711",
     *           "type": "income",
     *           "amountMinor": 1250,
     *           "currency": "EUR",
     *           "description": "Lunch service",
     *           "category": "sales",
     *           "occurredAt": "2026-11-20T12:00:00.000Z",
     *           "status": "posted",
     *           "version": 1,
     *           "createdAt": "2026-11-20T12:00:01.250Z",
     *           "updatedAt": "2026-11-20T12:00:01.250Z"
     *         }
     *       ],
     *       "nextPageToken": "AAAAAGk-6nEDuGfAZV9xM1p0OFZuTHcyS3A0Ung3"
     *     }
     */
    EntryPage: {
      data: components["schemas"]["Entry"][];
      nextPageToken: string | null;
    };
    /**
     * @example {
     *       "uid": "pci_3kTq8ZbN2xW7yLmR5vPc1d",
     *       "partnerId": "acme",
     *       "scopes": [
     *         "entries:read",
     *         "entries:write"
     *       ],
     *       "tokenExpiresAt": "2026-11-20T13:00:00.000Z"
     *     }
     */
    Me: {
      uid: string;
      partnerId: string;
      scopes: string[];
      /** Format: date-time */
      tokenExpiresAt: string;
    };
    /**
     * @example {
     *       "version": 2,
     *       "action": "update",
     *       "changes": {
     *         "status": {
     *           "before": "posted",
     *           "after": "void"
     *         }
     *       },
     *       "actor": {
     *         "uid": "pci_3kTq8ZbN2xW7yLmR5vPc1d",
     *         "partnerId": "acme",
     *         "requestId": "req_7GQ2mX9aLc0pRt4e"
     *       },
     *       "at": "2026-11-20T15:42:10.020Z"
     *     }
     */
    EntryVersion: {
      /** @description The entry's version this change produced. */
      version: number;
      /** @enum {string} */
      action: "create" | "update";
      /** @description Each field the change set, with its value before (null on create) and after. */
      changes: {
        [key: string]: {
          before: unknown;
          after: unknown;
        };
      };
      actor: {
        uid: string;
        partnerId: string;
        requestId: string;
      };
      /** Format: date-time */
      at: string;
    };
    /**
     * @example {
     *       "data": [
     *         {
     *           "version": 1,
     *           "action": "create",
     *           "changes": {
     *             "amountMinor": {
     *               "before": null,
     *               "after": 1250
     *             },
     *             "status": {
     *               "before": null,
     *               "after": "posted"
     *             }
     *           },
     *           "actor": {
     *             "uid": "pci_3kTq8ZbN2xW7yLmR5vPc1d",
     *             "partnerId": "acme",
     *             "requestId": "req_2Hk8sV1pQx5mZa7c"
     *           },
     *           "at": "2026-11-20T12:00:01.250Z"
     *         }
     *       ],
     *       "nextPageToken": null
     *     }
     */
    EntryVersionPage: {
      data: components["schemas"]["EntryVersion"][];
      nextPageToken: string | null;
    };
    /**
     * @example {
     *       "url": "https://hooks.acme.example/partner-api",
     *       "events": [
     *         "entry.created",
     *         "entry.updated"
     *       ],
     *       "description": "Back office ledger sync"
     *     }
     */
    CreateWebhookEndpoint: {
      /** @description Where events are POSTed: an https URL whose host is a public address or name (checked again, resolved, at every delivery). */
      url: string;
      /** @description The event types to receive. */
      events: ("entry.created" | "entry.updated")[];
      description?: string;
    };
    /**
     * @example {
     *       "status": "enabled"
     *     }
     */
    UpdateWebhookEndpoint: {
      /** @description Where events are POSTed: an https URL whose host is a public address or name (checked again, resolved, at every delivery). */
      url?: string;
      /** @description The event types to receive. */
      events?: ("entry.created" | "entry.updated")[];
      description?: string;
      /**
       * @description enabled again clears disabledReason.
       * @enum {string}
       */
      status?: "enabled" | "disabled";
    };
    /**
     * @example {
     *       "id": "we_Yb1x2Q0ZK4m8c7vT5pLr9w",
     *       "url": "https://hooks.acme.example/partner-api",
     *       "events": [
     *         "entry.created",
     *         "entry.updated"
     *       ],
     *       "description": "Back office ledger sync",
     *       "status": "enabled",
     *       "disabledReason": null,
     *       "createdAt": "2026-11-19T08:30:00.000Z",
     *       "updatedAt": "2026-11-19T08:30:00.000Z"
     *     }
     */
    WebhookEndpoint: {
      id: string;
      url: string;
      events: ("entry.created" | "entry.updated")[];
      description: string | null;
      /** @enum {string} */
      status: "enabled" | "disabled";
      /** @description Why the endpoint is disabled; null while enabled. */
      disabledReason: string | null;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      updatedAt: string;
    };
    /**
     * @example {
     *       "id": "we_Yb1x2Q0ZK4m8c7vT5pLr9w",
     *       "url": "https://hooks.acme.example/partner-api",
     *       "events": [
     *         "entry.created",
     *         "entry.updated"
     *       ],
     *       "description": "Back office ledger sync",
     *       "status": "enabled",
     *       "disabledReason": null,
     *       "createdAt": "2026-11-19T08:30:00.000Z",
     *       "updatedAt": "2026-11-19T08:30:00.000Z",
     *       "secret": "whsec_MfKQ9r8GKYqXu2Xc2jWvOxVq0p1zQ9yE5RkB1m3TzQ8="
     *     }
     */
    CreatedWebhookEndpoint: {
      id: string;
      url: string;
      events: ("entry.created" | "entry.updated")[];
      description: string | null;
      /** @enum {string} */
      status: "enabled" | "disabled";
      /** @description Why the endpoint is disabled; null while enabled. */
      disabledReason: string | null;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      updatedAt: string;
      /** @description whsec_ and the base64 signing key; shown only in this answer. */
      secret: string;
    };
    /**
     * @example {
     *       "data": [
     *         {
     *           "id": "we_Yb1x2Q0ZK4m8c7vT5pLr9w",
     *           "url": "https://hooks.acme.example/partner-api",
     *           "events": [
     *             "entry.created",
     *             "entry.updated"
     *           ],
     *           "description": "Back office ledger sync",
     *           "status": "enabled",
     *           "disabledReason": null,
     *           "createdAt": "2026-11-19T08:30:00.000Z",
     *           "updatedAt": "2026-11-19T08:30:00.000Z"
     *         }
     *       ],
     *       "nextPageToken": null
     *     }
     */
    WebhookEndpointPage: {
      data: components["schemas"]["WebhookEndpoint"][];
      nextPageToken: string | null;
    };
    /**
     * @example {
     *       "secret": "whsec_p0Vx7Jm2Qc9LrT4sW1nYb8KdE3uZa6Hf5GiOq2Rk0Ns="
     *     }
     */
    RotatedSecret: {
      /** @description The new signing secret; the previous one also signs for 24 hours. */
      secret: string;
    };
    /**
     * @example {
     *       "id": "dlv_9fQm2Lx0TqWcJ4sV1bYk3A_1",
     *       "eventId": "evt_9fQm2Lx0TqWcJ4sV1bYk3A",
     *       "eventType": "entry.created",
     *       "attempt": 1,
     *       "status": "succeeded",
     *       "responseStatus": 200,
     *       "durationMs": 184,
     *       "responseBodyPrefix": "{\"received\":true}",
     *       "error": null,
     *       "scheduledAt": "2026-11-20T12:00:01.300Z",
     *       "createdAt": "2026-11-20T12:00:01.300Z"
     *     }
     */
    WebhookDelivery: {
      id: string;
      eventId: string;
      /** @enum {string} */
      eventType: "entry.created" | "entry.updated" | "ping";
      attempt: number;
      /** @enum {string} */
      status: "pending" | "succeeded" | "failed";
      /** @description The receiver's HTTP status; null before or without an answer. */
      responseStatus: number | null;
      durationMs: number | null;
      /** @description The first bytes of the receiver's answer (at most 1 KiB, as UTF-8). */
      responseBodyPrefix: string | null;
      /** @description Why the attempt failed without an HTTP answer, or was not made. */
      error: string | null;
      /**
       * Format: date-time
       * @description When the attempt is (or was) due.
       */
      scheduledAt: string;
      /** Format: date-time */
      createdAt: string;
    };
    /**
     * @example {
     *       "data": [
     *         {
     *           "id": "dlv_9fQm2Lx0TqWcJ4sV1bYk3A_2",
     *           "eventId": "evt_9fQm2Lx0TqWcJ4sV1bYk3A",
     *           "eventType": "entry.created",
     *           "attempt": 2,
     *           "status": "succeeded",
     *           "responseStatus": 200,
     *           "durationMs": 97,
     *           "responseBodyPrefix": "{\"received\":true}",
     *           "error": null,
     *           "scheduledAt": "2026-11-20T12:00:01.300Z",
     *           "createdAt": "2026-11-20T12:00:01.300Z"
     *         },
     *         {
     *           "id": "dlv_9fQm2Lx0TqWcJ4sV1bYk3A_1",
     *           "eventId": "evt_9fQm2Lx0TqWcJ4sV1bYk3A",
     *           "eventType": "entry.created",
     *           "attempt": 1,
     *           "status": "failed",
     *           "responseStatus": 503,
     *           "durationMs": 2031,
     *           "responseBodyPrefix": "upstream unavailable",
     *           "error": null,
     *           "scheduledAt": "2026-11-20T12:00:01.300Z",
     *           "createdAt": "2026-11-20T12:00:01.300Z"
     *         }
     *       ],
     *       "nextPageToken": null
     *     }
     */
    WebhookDeliveryPage: {
      data: components["schemas"]["WebhookDelivery"][];
      nextPageToken: string | null;
    };
    /**
     * @example {
     *       "id": "evt_9fQm2Lx0TqWcJ4sV1bYk3A",
     *       "type": "entry.created",
     *       "createdAt": "2026-11-20T12:00:01.250Z",
     *       "data": {
     *         "id": "e_q3Zt8VnLw2Kp4Rx7",
     *         "partnerId": "acme",
     *         "externalId": "pos-4711",
     *         "type": "income",
     *         "amountMinor": 1250,
     *         "currency": "EUR",
     *         "description": "Lunch service",
     *         "category": "sales",
     *         "occurredAt": "2026-11-20T12:00:00.000Z",
     *         "status": "posted",
     *         "version": 1,
     *         "createdAt": "2026-11-20T12:00:01.250Z",
     *         "updatedAt": "2026-11-20T12:00:01.250Z"
     *       }
     *     }
     */
    WebhookEvent: {
      id: string;
      /** @enum {string} */
      type: "entry.created" | "entry.updated" | "ping";
      /** Format: date-time */
      createdAt: string;
      data:
        | components["schemas"]["Entry"]
        | {
            endpointId: string;
          };
    };
    /**
     * @example {
     *       "id": "evt_9fQm2Lx0TqWcJ4sV1bYk3A",
     *       "type": "entry.created",
     *       "createdAt": "2026-11-20T12:00:01.250Z",
     *       "data": {
     *         "id": "e_q3Zt8VnLw2Kp4Rx7",
     *         "partnerId": "acme",
     *         "externalId": "pos-4711",
     *         "type": "income",
     *         "amountMinor": 1250,
     *         "currency": "EUR",
     *         "description": "Lunch service",
     *         "category": "sales",
     *         "occurredAt": "2026-11-20T12:00:00.000Z",
     *         "status": "posted",
     *         "version": 1,
     *         "createdAt": "2026-11-20T12:00:01.250Z",
     *         "updatedAt": "2026-11-20T12:00:01.250Z"
     *       }
     *     }
     */
    Event: {
      /** @description evt_…; the webhook-id header of every delivery of this event. */
      id: string;
      /** @enum {string} */
      type: "entry.created" | "entry.updated";
      /**
       * Format: date-time
       * @description When the change was committed.
       */
      createdAt: string;
      data: components["schemas"]["Entry"];
    };
    /**
     * @example {
     *       "data": [
     *         {
     *           "id": "evt_Lr4pZ0cQ8vNw2KjX6tYb1g",
     *           "type": "entry.updated",
     *           "createdAt": "2026-11-20T15:42:10.020Z",
     *           "data": {
     *             "id": "e_q3Zt8VnLw2Kp4Rx7",
     *             "partnerId": "acme",
     *             "externalId": "pos-4711",
     *             "type": "income",
     *             "amountMinor": 1250,
     *             "currency": "EUR",
     *             "description": "Lunch service",
     *             "category": "sales",
     *             "occurredAt": "2026-11-20T12:00:00.000Z",
     *             "status": "void",
     *             "version": 2,
     *             "createdAt": "2026-11-20T12:00:01.250Z",
     *             "updatedAt": "2026-11-20T15:42:10.020Z"
     *           }
     *         },
     *         {
     *           "id": "evt_9fQm2Lx0TqWcJ4sV1bYk3A",
     *           "type": "entry.created",
     *           "createdAt": "2026-11-20T12:00:01.250Z",
     *           "data": {
     *             "id": "e_q3Zt8VnLw2Kp4Rx7",
     *             "partnerId": "acme",
     *             "externalId": "pos-4711",
     *             "type": "income",
     *             "amountMinor": 1250,
     *             "currency": "EUR",
     *             "description": "Lunch service",
     *             "category": "sales",
     *             "occurredAt": "2026-11-20T12:00:00.000Z",
     *             "status": "posted",
     *             "version": 1,
     *             "createdAt": "2026-11-20T12:00:01.250Z",
     *             "updatedAt": "2026-11-20T12:00:01.250Z"
     *           }
     *         }
     *       ],
     *       "nextPageToken": "AAAAAGk-6nEDuGfAZV9xM1p0OFZuTHcyS3A0Ung3"
     *     }
     */
    EventPage: {
      data: components["schemas"]["Event"][];
      nextPageToken: string | null;
    };
    /**
     * @example {
     *       "since": "2026-11-20T00:00:00Z",
     *       "types": [
     *         "entry.created",
     *         "entry.updated"
     *       ]
     *     }
     */
    ReplayRequest: {
      /**
       * Format: date-time
       * @description Re-send the events created at or after this time (RFC 3339), at most 30 days back.
       */
      since: string;
      /** @description Only these event types; default: the types the endpoint subscribes to. */
      types?: ("entry.created" | "entry.updated")[];
    };
    /**
     * @example {
     *       "replayId": "rpl_5sWc0Hq9LmX2bT7kRz4pYa",
     *       "events": 37
     *     }
     */
    ReplayStarted: {
      /** @description rpl_…; its attempts appear in the endpoint's deliveries. */
      replayId: string;
      /** @description How many events will be re-sent. */
      events: number;
    };
    /**
     * @example {
     *       "date": "2026-11-20",
     *       "requests": 1342,
     *       "byStatusClass": {
     *         "2xx": 1301,
     *         "3xx": 0,
     *         "4xx": 41,
     *         "5xx": 0
     *       },
     *       "byRoute": {
     *         "GET /v1/entries": 1020,
     *         "POST /v1/entries": 280,
     *         "GET /v1/entries/{id}": 42
     *       }
     *     }
     */
    UsageDay: {
      /** Format: date */
      date: string;
      requests: number;
      byStatusClass: {
        "2xx": number;
        "3xx": number;
        "4xx": number;
        "5xx": number;
      };
      /** @description Requests per route, as METHOD and path template, e.g. "GET /v1/entries/{id}". */
      byRoute: {
        [key: string]: number;
      };
    };
    /**
     * @example {
     *       "data": [
     *         {
     *           "date": "2026-11-20",
     *           "requests": 1342,
     *           "byStatusClass": {
     *             "2xx": 1301,
     *             "3xx": 0,
     *             "4xx": 41,
     *             "5xx": 0
     *           },
     *           "byRoute": {
     *             "GET /v1/entries": 1020,
     *             "POST /v1/entries": 280,
     *             "GET /v1/entries/{id}": 42
     *           }
     *         },
     *         {
     *           "date": "2026-11-21",
     *           "requests": 118,
     *           "byStatusClass": {
     *             "2xx": 118,
     *             "3xx": 0,
     *             "4xx": 0,
     *             "5xx": 0
     *           },
     *           "byRoute": {
     *             "GET /v1/entries": 118
     *           }
     *         }
     *       ],
     *       "quota": {
     *         "daily": 50000,
     *         "usedToday": 118,
     *         "resetsAt": "2026-11-22T00:00:00.000Z"
     *       }
     *     }
     */
    UsageReport: {
      /** @description Every day of the range, oldest first (days without requests too). */
      data: components["schemas"]["UsageDay"][];
      quota: {
        /** @description Requests allowed per UTC day; null: unlimited. */
        daily: number | null;
        usedToday: number;
        /**
         * Format: date-time
         * @description The next UTC midnight, when usedToday starts again from 0.
         */
        resetsAt: string;
      };
    };
    /**
     * @example {
     *       "type": "urn:partner-api:problem:invalid-request",
     *       "title": "Invalid request",
     *       "status": 400,
     *       "detail": "The entry is invalid.",
     *       "requestId": "req_7GQ2mX9aLc0pRt4e",
     *       "errors": [
     *         {
     *           "field": "currency",
     *           "message": "must be an ISO 4217 currency code"
     *         }
     *       ]
     *     }
     */
    Problem: {
      type: string;
      title: string;
      status: number;
      detail: string;
      requestId: string;
      errors?: {
        field: string;
        message: string;
      }[];
      /** @description The existing entry a 409 duplicate-external-id names. */
      entryId?: string;
    };
    /**
     * @example {
     *       "grant_type": "client_credentials",
     *       "scope": "entries:read entries:write"
     *     }
     */
    TokenRequest: {
      /** @constant */
      grant_type: "client_credentials";
      /** @description Space-separated subset of the credential's scopes (entries:read, entries:write, webhooks:manage). The token always carries all of them; `scope` in the answer says which. */
      scope?: string;
      /** @description Only when not using HTTP Basic. */
      client_id?: string;
      /** @description Only when not using HTTP Basic. */
      client_secret?: string;
    } & {
      [key: string]: unknown;
    };
    /**
     * @example {
     *       "access_token": "eyJhbGciOiJSUzI1NiIsImtpZCI6IjFlOWdkazcifQ.eyJyb2xlIjoicGFydG5lciJ9.c2lnbmF0dXJl",
     *       "token_type": "Bearer",
     *       "expires_in": 3600,
     *       "scope": "entries:read entries:write"
     *     }
     */
    TokenResponse: {
      /** @description A Firebase ID token of the credential's Auth user. */
      access_token: string;
      /** @constant */
      token_type: "Bearer";
      /** @description Seconds until the token expires. */
      expires_in: number;
      /** @description The scopes the token carries, space-separated. */
      scope: string;
    };
    /**
     * @example {
     *       "error": "invalid_client",
     *       "error_description": "Client authentication failed."
     *     }
     */
    OAuthError: {
      /** @enum {string} */
      error:
        | "invalid_request"
        | "invalid_client"
        | "unauthorized_client"
        | "unsupported_grant_type"
        | "invalid_scope"
        | "temporarily_unavailable";
      error_description: string;
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
};
export type $defs = Record<string, never>;
export interface operations {
  getHealth: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The API is up. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            /** @constant */
            status: "ok";
          };
        };
      };
    };
  };
  getOpenApiDocument: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description This document. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": {
            [key: string]: unknown;
          };
        };
      };
    };
  };
  getMe: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The calling partner. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Me"];
        };
      };
      /** @description Unauthenticated */
      401: {
        headers: {
          /** @description Bearer challenge. */
          "WWW-Authenticate"?: string;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Forbidden */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Too many requests or Daily quota exceeded */
      429: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
          /** @description The daily quota. */
          "RateLimit-Limit"?: number;
          /** @description 0: none left today. */
          "RateLimit-Remaining"?: number;
          /** @description Seconds to the next UTC midnight. */
          "RateLimit-Reset"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Service unavailable */
      503: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  listEntries: {
    parameters: {
      query?: {
        limit?: number;
        pageToken?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of entries. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["EntryPage"];
        };
      };
      /** @description Invalid request */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Unauthenticated */
      401: {
        headers: {
          /** @description Bearer challenge. */
          "WWW-Authenticate"?: string;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Forbidden */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Too many requests or Daily quota exceeded */
      429: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
          /** @description The daily quota. */
          "RateLimit-Limit"?: number;
          /** @description 0: none left today. */
          "RateLimit-Remaining"?: number;
          /** @description Seconds to the next UTC midnight. */
          "RateLimit-Reset"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Service unavailable */
      503: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  createEntry: {
    parameters: {
      query?: never;
      header?: {
        /** @description The same key and body within 24 hours replays the first response. */
        "Idempotency-Key"?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["CreateEntry"];
      };
    };
    responses: {
      /** @description Created (or replayed, with Idempotent-Replayed: true). */
      201: {
        headers: {
          /** @description Current version, for If-Match. */
          ETag?: string;
          /** @description The entry, relative to this URL. */
          Location?: string;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Entry"];
        };
      };
      /** @description Invalid request */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Unauthenticated */
      401: {
        headers: {
          /** @description Bearer challenge. */
          "WWW-Authenticate"?: string;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Forbidden */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Conflict or Duplicate externalId */
      409: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Payload too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Unsupported media type */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Idempotency key reused */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Too many requests or Daily quota exceeded */
      429: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
          /** @description The daily quota. */
          "RateLimit-Limit"?: number;
          /** @description 0: none left today. */
          "RateLimit-Remaining"?: number;
          /** @description Seconds to the next UTC midnight. */
          "RateLimit-Reset"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Service unavailable */
      503: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Outcome unknown */
      504: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  getEntry: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The entry's id, percent-encoded: e_… for entries created through the API, any Firestore document id (up to 1500 bytes) for entries created directly. */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The entry. */
      200: {
        headers: {
          /** @description Current version, for If-Match. */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Entry"];
        };
      };
      /** @description Unauthenticated */
      401: {
        headers: {
          /** @description Bearer challenge. */
          "WWW-Authenticate"?: string;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Forbidden */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Too many requests or Daily quota exceeded */
      429: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
          /** @description The daily quota. */
          "RateLimit-Limit"?: number;
          /** @description 0: none left today. */
          "RateLimit-Remaining"?: number;
          /** @description Seconds to the next UTC midnight. */
          "RateLimit-Reset"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Service unavailable */
      503: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  updateEntry: {
    parameters: {
      query?: never;
      header?: {
        /** @description Applies the change only if the entry's ETag is one of these (or *). */
        "If-Match"?: string;
      };
      path: {
        /** @description The entry's id, percent-encoded: e_… for entries created through the API, any Firestore document id (up to 1500 bytes) for entries created directly. */
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["UpdateEntry"];
        "application/merge-patch+json": components["schemas"]["UpdateEntry"];
      };
    };
    responses: {
      /** @description The updated entry. */
      200: {
        headers: {
          /** @description Current version, for If-Match. */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Entry"];
        };
      };
      /** @description Invalid request */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Unauthenticated */
      401: {
        headers: {
          /** @description Bearer challenge. */
          "WWW-Authenticate"?: string;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Forbidden */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Conflict */
      409: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Precondition failed */
      412: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Payload too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Unsupported media type */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Too many requests or Daily quota exceeded */
      429: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
          /** @description The daily quota. */
          "RateLimit-Limit"?: number;
          /** @description 0: none left today. */
          "RateLimit-Remaining"?: number;
          /** @description Seconds to the next UTC midnight. */
          "RateLimit-Reset"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Service unavailable */
      503: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Outcome unknown */
      504: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  listEntryVersions: {
    parameters: {
      query?: {
        limit?: number;
        pageToken?: string;
      };
      header?: never;
      path: {
        /** @description The entry's id, percent-encoded: e_… for entries created through the API, any Firestore document id (up to 1500 bytes) for entries created directly. */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of versions. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["EntryVersionPage"];
        };
      };
      /** @description Invalid request */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Unauthenticated */
      401: {
        headers: {
          /** @description Bearer challenge. */
          "WWW-Authenticate"?: string;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Forbidden */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Too many requests or Daily quota exceeded */
      429: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
          /** @description The daily quota. */
          "RateLimit-Limit"?: number;
          /** @description 0: none left today. */
          "RateLimit-Remaining"?: number;
          /** @description Seconds to the next UTC midnight. */
          "RateLimit-Reset"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Service unavailable */
      503: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  createToken: {
    parameters: {
      query?: never;
      header?: {
        /** @description Basic base64(client_id:client_secret). */
        Authorization?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/x-www-form-urlencoded": components["schemas"]["TokenRequest"];
      };
    };
    responses: {
      /** @description A token; never cached. */
      200: {
        headers: {
          /** @description no-store */
          "Cache-Control"?: string;
          /** @description no-cache */
          Pragma?: string;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["TokenResponse"];
        };
      };
      /** @description invalid_request or unauthorized_client or unsupported_grant_type or invalid_scope */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["OAuthError"];
        };
      };
      /** @description invalid_client */
      401: {
        headers: {
          "WWW-Authenticate"?: 'Basic realm="partner-api"';
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["OAuthError"];
        };
      };
      /** @description temporarily_unavailable */
      429: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["OAuthError"];
        };
      };
      /** @description Service unavailable */
      503: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  listWebhookEndpoints: {
    parameters: {
      query?: {
        limit?: number;
        pageToken?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of endpoints. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["WebhookEndpointPage"];
        };
      };
      /** @description Invalid request */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Unauthenticated */
      401: {
        headers: {
          /** @description Bearer challenge. */
          "WWW-Authenticate"?: string;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Forbidden */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Too many requests or Daily quota exceeded */
      429: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
          /** @description The daily quota. */
          "RateLimit-Limit"?: number;
          /** @description 0: none left today. */
          "RateLimit-Remaining"?: number;
          /** @description Seconds to the next UTC midnight. */
          "RateLimit-Reset"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Service unavailable */
      503: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  createWebhookEndpoint: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["CreateWebhookEndpoint"];
      };
    };
    responses: {
      /** @description Registered and enabled. */
      201: {
        headers: {
          /** @description The endpoint, relative to this URL. */
          Location?: string;
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["CreatedWebhookEndpoint"];
        };
      };
      /** @description Invalid request */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Unauthenticated */
      401: {
        headers: {
          /** @description Bearer challenge. */
          "WWW-Authenticate"?: string;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Forbidden */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Conflict or Endpoint limit reached */
      409: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Payload too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Unsupported media type */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Too many requests or Daily quota exceeded */
      429: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
          /** @description The daily quota. */
          "RateLimit-Limit"?: number;
          /** @description 0: none left today. */
          "RateLimit-Remaining"?: number;
          /** @description Seconds to the next UTC midnight. */
          "RateLimit-Reset"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Service unavailable */
      503: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Outcome unknown */
      504: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  getWebhookEndpoint: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The webhook endpoint's id (we_…). */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The endpoint. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["WebhookEndpoint"];
        };
      };
      /** @description Unauthenticated */
      401: {
        headers: {
          /** @description Bearer challenge. */
          "WWW-Authenticate"?: string;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Forbidden */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Too many requests or Daily quota exceeded */
      429: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
          /** @description The daily quota. */
          "RateLimit-Limit"?: number;
          /** @description 0: none left today. */
          "RateLimit-Remaining"?: number;
          /** @description Seconds to the next UTC midnight. */
          "RateLimit-Reset"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Service unavailable */
      503: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  deleteWebhookEndpoint: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The webhook endpoint's id (we_…). */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Removed. */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Unauthenticated */
      401: {
        headers: {
          /** @description Bearer challenge. */
          "WWW-Authenticate"?: string;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Forbidden */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Conflict */
      409: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Too many requests or Daily quota exceeded */
      429: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
          /** @description The daily quota. */
          "RateLimit-Limit"?: number;
          /** @description 0: none left today. */
          "RateLimit-Remaining"?: number;
          /** @description Seconds to the next UTC midnight. */
          "RateLimit-Reset"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Service unavailable */
      503: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Outcome unknown */
      504: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  updateWebhookEndpoint: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The webhook endpoint's id (we_…). */
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["UpdateWebhookEndpoint"];
        "application/merge-patch+json": components["schemas"]["UpdateWebhookEndpoint"];
      };
    };
    responses: {
      /** @description The updated endpoint. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["WebhookEndpoint"];
        };
      };
      /** @description Invalid request */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Unauthenticated */
      401: {
        headers: {
          /** @description Bearer challenge. */
          "WWW-Authenticate"?: string;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Forbidden */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Conflict */
      409: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Payload too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Unsupported media type */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Too many requests or Daily quota exceeded */
      429: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
          /** @description The daily quota. */
          "RateLimit-Limit"?: number;
          /** @description 0: none left today. */
          "RateLimit-Remaining"?: number;
          /** @description Seconds to the next UTC midnight. */
          "RateLimit-Reset"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Service unavailable */
      503: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Outcome unknown */
      504: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  rotateWebhookEndpointSecret: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The webhook endpoint's id (we_…). */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The new secret. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["RotatedSecret"];
        };
      };
      /** @description Unauthenticated */
      401: {
        headers: {
          /** @description Bearer challenge. */
          "WWW-Authenticate"?: string;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Forbidden */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Conflict */
      409: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Too many requests or Daily quota exceeded */
      429: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
          /** @description The daily quota. */
          "RateLimit-Limit"?: number;
          /** @description 0: none left today. */
          "RateLimit-Remaining"?: number;
          /** @description Seconds to the next UTC midnight. */
          "RateLimit-Reset"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Service unavailable */
      503: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Outcome unknown */
      504: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  testWebhookEndpoint: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The webhook endpoint's id (we_…). */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The ping, queued for delivery. */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["WebhookEvent"];
        };
      };
      /** @description Unauthenticated */
      401: {
        headers: {
          /** @description Bearer challenge. */
          "WWW-Authenticate"?: string;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Forbidden */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Too many requests or Daily quota exceeded */
      429: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
          /** @description The daily quota. */
          "RateLimit-Limit"?: number;
          /** @description 0: none left today. */
          "RateLimit-Remaining"?: number;
          /** @description Seconds to the next UTC midnight. */
          "RateLimit-Reset"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Service unavailable */
      503: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Outcome unknown */
      504: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  listWebhookDeliveries: {
    parameters: {
      query?: {
        limit?: number;
        pageToken?: string;
      };
      header?: never;
      path: {
        /** @description The webhook endpoint's id (we_…). */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of delivery attempts. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["WebhookDeliveryPage"];
        };
      };
      /** @description Invalid request */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Unauthenticated */
      401: {
        headers: {
          /** @description Bearer challenge. */
          "WWW-Authenticate"?: string;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Forbidden */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Too many requests or Daily quota exceeded */
      429: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
          /** @description The daily quota. */
          "RateLimit-Limit"?: number;
          /** @description 0: none left today. */
          "RateLimit-Remaining"?: number;
          /** @description Seconds to the next UTC midnight. */
          "RateLimit-Reset"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Service unavailable */
      503: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  replayWebhookEvents: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The webhook endpoint's id (we_…). */
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["ReplayRequest"];
      };
    };
    responses: {
      /** @description The replay, started. */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ReplayStarted"];
        };
      };
      /** @description Invalid request */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Unauthenticated */
      401: {
        headers: {
          /** @description Bearer challenge. */
          "WWW-Authenticate"?: string;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Forbidden */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Conflict or Replay in progress */
      409: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Payload too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Unsupported media type */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Too many requests or Daily quota exceeded */
      429: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
          /** @description The daily quota. */
          "RateLimit-Limit"?: number;
          /** @description 0: none left today. */
          "RateLimit-Remaining"?: number;
          /** @description Seconds to the next UTC midnight. */
          "RateLimit-Reset"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Service unavailable */
      503: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Outcome unknown */
      504: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  listEvents: {
    parameters: {
      query?: {
        type?: "entry.created" | "entry.updated";
        createdAfter?: string;
        limit?: number;
        pageToken?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of events. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["EventPage"];
        };
      };
      /** @description Invalid request */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Unauthenticated */
      401: {
        headers: {
          /** @description Bearer challenge. */
          "WWW-Authenticate"?: string;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Forbidden */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Too many requests or Daily quota exceeded */
      429: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
          /** @description The daily quota. */
          "RateLimit-Limit"?: number;
          /** @description 0: none left today. */
          "RateLimit-Remaining"?: number;
          /** @description Seconds to the next UTC midnight. */
          "RateLimit-Reset"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Service unavailable */
      503: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  getEvent: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The event's id (evt_…), as the webhook-id header carried it. */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The event. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Event"];
        };
      };
      /** @description Unauthenticated */
      401: {
        headers: {
          /** @description Bearer challenge. */
          "WWW-Authenticate"?: string;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Forbidden */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Too many requests or Daily quota exceeded */
      429: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
          /** @description The daily quota. */
          "RateLimit-Limit"?: number;
          /** @description 0: none left today. */
          "RateLimit-Remaining"?: number;
          /** @description Seconds to the next UTC midnight. */
          "RateLimit-Reset"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Service unavailable */
      503: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  getUsage: {
    parameters: {
      query?: {
        from?: string;
        to?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Usage per day, and the quota. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["UsageReport"];
        };
      };
      /** @description Invalid request */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Unauthenticated */
      401: {
        headers: {
          /** @description Bearer challenge. */
          "WWW-Authenticate"?: string;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Forbidden */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Too many requests or Daily quota exceeded */
      429: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
          /** @description The daily quota. */
          "RateLimit-Limit"?: number;
          /** @description 0: none left today. */
          "RateLimit-Remaining"?: number;
          /** @description Seconds to the next UTC midnight. */
          "RateLimit-Reset"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Service unavailable */
      503: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
}
