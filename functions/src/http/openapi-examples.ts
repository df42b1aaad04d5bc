/**
 * A realistic example of every named schema of the OpenAPI document, which the reference shows as its
 * samples (instead of placeholders built from types: "string", 0, the smallest safe integer). Written
 * once here; openapi-examples.test.ts parses each with its own zod schema, so none can drift from the
 * contract.
 */

const ENTRY = {
  id: "e_q3Zt8VnLw2Kp4Rx7",
  partnerId: "acme",
  externalId: "pos-4711",
  type: "income",
  amountMinor: 1250,
  currency: "EUR",
  description: "Lunch service",
  category: "sales",
  occurredAt: "2026-11-20T12:00:00.000Z",
  status: "posted",
  version: 1,
  createdAt: "2026-11-20T12:00:01.250Z",
  updatedAt: "2026-11-20T12:00:01.250Z",
};

const VOIDED = { ...ENTRY, status: "void", version: 2, updatedAt: "2026-11-20T15:42:10.020Z" };

const ENDPOINT = {
  id: "we_Yb1x2Q0ZK4m8c7vT5pLr9w",
  url: "https://hooks.acme.example/partner-api",
  events: ["entry.created", "entry.updated"],
  description: "Back office ledger sync",
  status: "enabled",
  disabledReason: null,
  createdAt: "2026-11-19T08:30:00.000Z",
  updatedAt: "2026-11-19T08:30:00.000Z",
};

const EVENT = {
  id: "evt_9fQm2Lx0TqWcJ4sV1bYk3A",
  type: "entry.created",
  createdAt: "2026-11-20T12:00:01.250Z",
  data: ENTRY,
};

const DELIVERY = {
  id: "dlv_9fQm2Lx0TqWcJ4sV1bYk3A_1",
  eventId: EVENT.id,
  eventType: "entry.created",
  attempt: 1,
  status: "succeeded",
  responseStatus: 200,
  durationMs: 184,
  responseBodyPrefix: '{"received":true}',
  error: null,
  scheduledAt: "2026-11-20T12:00:01.300Z",
  createdAt: "2026-11-20T12:00:01.300Z",
};

const USAGE_DAY = {
  date: "2026-11-20",
  requests: 1342,
  byStatusClass: { "2xx": 1301, "3xx": 0, "4xx": 41, "5xx": 0 },
  byRoute: { "GET /v1/entries": 1020, "POST /v1/entries": 280, "GET /v1/entries/{id}": 42 },
};

const NEXT_PAGE = "AAAAAGk-6nEDuGfAZV9xM1p0OFZuTHcyS3A0Ung3";

/** By component name (openapi.ts COMPONENTS). */
export const COMPONENT_EXAMPLES: Record<string, unknown> = {
  Entry: ENTRY,
  CreateEntry: {
    externalId: "pos-4711",
    type: "income",
    amountMinor: 1250,
    currency: "EUR",
    description: "Lunch service",
    category: "sales",
    occurredAt: "2026-11-20T12:00:00.000Z",
  },
  UpdateEntry: { status: "void" },
  EntryPage: { data: [ENTRY], nextPageToken: NEXT_PAGE },
  Me: {
    uid: "pci_3kTq8ZbN2xW7yLmR5vPc1d",
    partnerId: "acme",
    scopes: ["entries:read", "entries:write"],
    tokenExpiresAt: "2026-11-20T13:00:00.000Z",
  },
  EntryVersion: {
    version: 2,
    action: "update",
    changes: { status: { before: "posted", after: "void" } },
    actor: { uid: "pci_3kTq8ZbN2xW7yLmR5vPc1d", partnerId: "acme", requestId: "req_7GQ2mX9aLc0pRt4e" },
    at: "2026-11-20T15:42:10.020Z",
  },
  EntryVersionPage: {
    data: [
      {
        version: 1,
        action: "create",
        changes: { amountMinor: { before: null, after: 1250 }, status: { before: null, after: "posted" } },
        actor: { uid: "pci_3kTq8ZbN2xW7yLmR5vPc1d", partnerId: "acme", requestId: "req_2Hk8sV1pQx5mZa7c" },
        at: "2026-11-20T12:00:01.250Z",
      },
    ],
    nextPageToken: null,
  },
  CreateWebhookEndpoint: {
    url: "https://hooks.acme.example/partner-api",
    events: ["entry.created", "entry.updated"],
    description: "Back office ledger sync",
  },
  UpdateWebhookEndpoint: { status: "enabled" },
  WebhookEndpoint: ENDPOINT,
  CreatedWebhookEndpoint: { ...ENDPOINT, secret: "whsec_MfKQ9r8GKYqXu2Xc2jWvOxVq0p1zQ9yE5RkB1m3TzQ8=" },
  WebhookEndpointPage: { data: [ENDPOINT], nextPageToken: null },
  RotatedSecret: { secret: "whsec_p0Vx7Jm2Qc9LrT4sW1nYb8KdE3uZa6Hf5GiOq2Rk0Ns=" },
  WebhookDelivery: DELIVERY,
  WebhookDeliveryPage: {
    data: [
      { ...DELIVERY, id: "dlv_9fQm2Lx0TqWcJ4sV1bYk3A_2", attempt: 2, durationMs: 97 },
      {
        ...DELIVERY,
        status: "failed",
        responseStatus: 503,
        durationMs: 2031,
        responseBodyPrefix: "upstream unavailable",
      },
    ],
    nextPageToken: null,
  },
  WebhookEvent: EVENT,
  Event: EVENT,
  EventPage: {
    data: [
      {
        ...EVENT,
        id: "evt_Lr4pZ0cQ8vNw2KjX6tYb1g",
        type: "entry.updated",
        createdAt: VOIDED.updatedAt,
        data: VOIDED,
      },
      EVENT,
    ],
    nextPageToken: NEXT_PAGE,
  },
  ReplayRequest: { since: "2026-11-20T00:00:00Z", types: ["entry.created", "entry.updated"] },
  ReplayStarted: { replayId: "rpl_5sWc0Hq9LmX2bT7kRz4pYa", events: 37 },
  UsageDay: USAGE_DAY,
  UsageReport: {
    data: [
      USAGE_DAY,
      {
        ...USAGE_DAY,
        date: "2026-11-21",
        requests: 118,
        byStatusClass: { "2xx": 118, "3xx": 0, "4xx": 0, "5xx": 0 },
        byRoute: { "GET /v1/entries": 118 },
      },
    ],
    quota: { daily: 50000, usedToday: 118, resetsAt: "2026-11-22T00:00:00.000Z" },
  },
  Problem: {
    type: "urn:partner-api:problem:invalid-request",
    title: "Invalid request",
    status: 400,
    detail: "The entry is invalid.",
    requestId: "req_7GQ2mX9aLc0pRt4e",
    errors: [{ field: "currency", message: "must be an ISO 4217 currency code" }],
  },
  TokenRequest: { grant_type: "client_credentials", scope: "entries:read entries:write" },
  TokenResponse: {
    access_token: "eyJhbGciOiJSUzI1NiIsImtpZCI6IjFlOWdkazcifQ.eyJyb2xlIjoicGFydG5lciJ9.c2lnbmF0dXJl",
    token_type: "Bearer",
    expires_in: 3600,
    scope: "entries:read entries:write",
  },
  OAuthError: { error: "invalid_client", error_description: "Client authentication failed." },
};
