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
    /** @description Whether the API is up. */
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
    /** @description This document. */
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
    /** @description The calling partner, as its verified ID token says. */
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
    /** @description Needs entries:read. Newest first; pass nextPageToken as pageToken for the next page. */
    get: operations["listEntries"];
    put?: never;
    /** @description Needs entries:write. Send Idempotency-Key to retry safely for 24 hours: after a timeout, a 504 (outcome unknown) or a dropped connection, repeat the request with the same key. A taken externalId is 409 duplicate-external-id naming the entry that holds it. */
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
    /** @description Needs entries:read. One of the partner's entries; another partner's is 404. */
    get: operations["getEntry"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** @description Needs entries:write. Corrects description or category, or voids the entry. */
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
    /** @description Needs entries:read. The entry's history, oldest first: every create and change made through the API, with who made it (uid, partnerId, requestId), when, and each changed field's before and after. Pass nextPageToken as pageToken for the next page; another partner's entry is 404. */
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
    /** @description OAuth 2.0 client credentials grant (RFC 6749 §4.4). Authenticate the client with HTTP Basic (client_id:client_secret, each form-urlencoded) or the client_id and client_secret fields. Errors are RFC 6749 §5.2 bodies, not problem+json, except a backend outage (503). The same invalid_client answers an unknown client, a wrong secret and a revoked client; unauthorized_client a suspended partner; temporarily_unavailable too many failed attempts from this source. */
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
    /** @description Needs webhooks:manage. Newest first; pass nextPageToken as pageToken for the next page. */
    get: operations["listWebhookEndpoints"];
    put?: never;
    /** @description Needs webhooks:manage. Registers an endpoint for the given event types. The answer carries the signing secret, which is never shown again. At most 16 endpoints per partner (409 beyond). */
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
    /** @description Needs webhooks:manage. One of the partner's endpoints (never its secret); another partner's is 404. */
    get: operations["getWebhookEndpoint"];
    put?: never;
    post?: never;
    /** @description Needs webhooks:manage. Removes the endpoint; attempts still queued for it are dropped. */
    delete: operations["deleteWebhookEndpoint"];
    options?: never;
    head?: never;
    /** @description Needs webhooks:manage. Changes the URL, the event types, the description or the status. */
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
    /** @description Needs webhooks:manage. A new signing secret, shown only in this answer. The previous one keeps signing for 24 hours, so deliveries carry both signatures (space-separated) until then. */
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
    /** @description Needs webhooks:manage. Sends a ping event to the endpoint (also to a disabled one, to test a fix before enabling it), in one attempt: a failed ping is not retried and disables nothing but on 410. The attempt appears in the delivery log. */
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
    /** @description Needs webhooks:manage. Every attempt to deliver an event to the endpoint, newest first: pending until it runs, then succeeded or failed with the receiver's status, the time it took and the start of its answer. */
    get: operations["listWebhookDeliveries"];
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
    UpdateEntry: {
      description?: string;
      category?: string;
      /**
       * @description Voids the entry; a void entry cannot be posted again.
       * @constant
       */
      status?: "void";
    };
    EntryPage: {
      data: components["schemas"]["Entry"][];
      nextPageToken: string | null;
    };
    Me: {
      uid: string;
      partnerId: string;
      scopes: string[];
      /** Format: date-time */
      tokenExpiresAt: string;
    };
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
    EntryVersionPage: {
      data: components["schemas"]["EntryVersion"][];
      nextPageToken: string | null;
    };
    CreateWebhookEndpoint: {
      /** @description Where events are POSTed: an https URL whose host is a public address or name (checked again, resolved, at every delivery). */
      url: string;
      /** @description The event types to receive. */
      events: ("entry.created" | "entry.updated")[];
      description?: string;
    };
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
    WebhookEndpointPage: {
      data: components["schemas"]["WebhookEndpoint"][];
      nextPageToken: string | null;
    };
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
    WebhookDeliveryPage: {
      data: components["schemas"]["WebhookDelivery"][];
      nextPageToken: string | null;
    };
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
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
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
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
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
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
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
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
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
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
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
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
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
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
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
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
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
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
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
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
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
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
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
          "application/json": {
            /** @description The new signing secret; the previous one also signs for 24 hours. */
            secret: string;
          };
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
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
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
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
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
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before retrying. */
          "Retry-After"?: number;
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
