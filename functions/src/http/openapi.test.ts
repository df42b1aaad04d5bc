import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { EntriesRepository } from "../domain/entries/ports.js";
import type { WebhookDeps } from "../domain/webhooks/webhooks.js";
import { GRPC_STATUS } from "../firebase-errors.js";
import {
  createInProcessApi,
  type InProcessApi,
  type InProcessApiOptions,
  type PartnerSession,
  type RequestOptions,
} from "../testing/in-process-api.js";
import { ENTRY_INPUT } from "../testing/entry-fixtures.js";
import { buildOpenApiDocument, openApiPath } from "./openapi.js";
import { apiRoutes } from "../testing/route-table.js";

interface Operation {
  operationId: string;
  description: string;
  security?: unknown[];
  parameters?: unknown[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
}
interface Document {
  openapi: string;
  info: { title: string; version: string; description: string };
  servers: unknown[];
  security: unknown[];
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
  paths: Record<string, Record<string, Operation>>;
}

// The table as createApp builds it; no handler runs here. Both are built inside each test, not when
// the file loads: a mutation run switches a mutant on only once the file's tests start.
const routeTable = apiRoutes;
const openApiDocument = () => buildOpenApiDocument(routeTable()) as unknown as Document;
const operationOf = (method: string, path: string) => {
  const operation = openApiDocument().paths[path]?.[method];
  if (!operation) throw new Error(`no ${method} ${path} in the document`);
  return operation;
};

const entry = ENTRY_INPUT;

/** One way to make a route answer one status: the app to build and the request to send. */
interface Scenario {
  status: number;
  options?: InProcessApiOptions;
  /** Arranges data and returns the request; the session is an active partner with every scope. */
  request: (api: InProcessApi, session: PartnerSession) => Promise<RequestOptions & { path?: string }>;
}

const aborted = (repo: EntriesRepository): EntriesRepository => ({
  ...repo,
  runTransaction: () => Promise.reject(Object.assign(new Error("aborted"), { code: GRPC_STATUS.ABORTED })),
});

// The commit lands and its answer is lost: the outcome is unknown to the API (504).
const answerLost = (repo: EntriesRepository): EntriesRepository => ({
  ...repo,
  runTransaction: async (work, deadline) => {
    await repo.runTransaction(work, deadline);
    throw Object.assign(new Error("unavailable"), { code: GRPC_STATUS.UNAVAILABLE });
  },
});

const createdId = async (api: InProcessApi, token: string) => {
  const response = await api.request("POST", "/v1/entries", { token, body: entry });
  return (response.body as { id: string }).id;
};

/** The answers every partner route shares: no token, a suspended partner, a spent budget, Auth down. */
function partnerRouteScenarios(valid: Scenario["request"]): Scenario[] {
  return [
    { status: 401, request: async (api, session) => ({ ...(await valid(api, session)), token: "" }) },
    {
      status: 403,
      request: async (api, session) => {
        const request = await valid(api, session);
        await api.partners.setPartnerStatus(session.partnerId, "suspended");
        return request;
      },
    },
    {
      status: 429,
      options: { rateLimitPerMinute: 1 },
      request: async (api, session) => {
        await api.request("GET", "/v1/me", { token: session.token });
        return valid(api, session);
      },
    },
    {
      status: 503,
      request: async (api, session) => {
        const request = await valid(api, session);
        api.auth.fail("app/network-error");
        return request;
      },
    },
  ];
}

const listEntries: Scenario["request"] = async (_api, { token }) => ({ token });
const createEntry: Scenario["request"] = async (_api, { token }) => ({ token, body: entry });
const getEntry: Scenario["request"] = async (api, { token }) => ({
  token,
  path: `/v1/entries/${await createdId(api, token)}`,
});
const listVersions: Scenario["request"] = async (api, { token }) => ({
  token,
  path: `/v1/entries/${await createdId(api, token)}/versions`,
});
const updateEntry: Scenario["request"] = async (api, { token }) => ({
  token,
  path: `/v1/entries/${await createdId(api, token)}`,
  body: { description: "corrected" },
});

const FORM = { "content-type": "application/x-www-form-urlencoded" };
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;
const GRANT = "grant_type=client_credentials";

/** A fresh machine client and its token request, authenticated with its secret. */
async function machineTokenRequest(api: InProcessApi) {
  const { clientId, clientSecret } = await api.machineClient();
  return {
    clientId,
    request: { headers: { ...FORM, authorization: basic(clientId, clientSecret) }, body: GRANT },
  };
}
const tokenRequest: Scenario["request"] = async (api) => (await machineTokenRequest(api)).request;
const wrongSecret = (clientId: string) => ({
  headers: { ...FORM, authorization: basic(clientId, "not-the-secret") },
  body: GRANT,
});

const hook = { url: "https://hooks.example.com/h", events: ["entry.created"] };
const endpointsAborted = (deps: WebhookDeps): WebhookDeps => ({
  ...deps,
  endpoints: {
    ...deps.endpoints,
    change: () => Promise.reject(Object.assign(new Error("aborted"), { code: GRPC_STATUS.ABORTED })),
  },
});
// The endpoints' commit lands and its answer is lost (504).
const endpointsAnswerLost = (deps: WebhookDeps): WebhookDeps => ({
  ...deps,
  endpoints: {
    ...deps.endpoints,
    change: async (partnerId, change, deadline) => {
      await deps.endpoints.change(partnerId, change, deadline);
      throw Object.assign(new Error("unavailable"), { code: GRPC_STATUS.UNAVAILABLE });
    },
  },
});
// A ping's event write fails with its outcome unknown (504).
const eventWriteLost = (deps: WebhookDeps): WebhookDeps => ({
  ...deps,
  events: {
    ...deps.events,
    createIfAbsent: () =>
      Promise.reject(Object.assign(new Error("unavailable"), { code: GRPC_STATUS.UNAVAILABLE })),
  },
});
const createdEndpoint = async (api: InProcessApi, token: string) => {
  const response = await api.request("POST", "/v1/webhook-endpoints", { token, body: hook });
  return (response.body as { id: string }).id;
};
const createEndpoint: Scenario["request"] = async (_api, { token }) => ({ token, body: hook });
const onEndpoint =
  (suffix = "", body?: object): Scenario["request"] =>
  async (api, { token }) => ({
    token,
    path: `/v1/webhook-endpoints/${await createdEndpoint(api, token)}${suffix}`,
    ...(body ? { body } : {}),
  });
/** The same request, to an endpoint that does not exist. */
const missing =
  (request: Scenario["request"]): Scenario["request"] =>
  async (api, session) => {
    const valid = await request(api, session);
    return { ...valid, path: valid.path?.replace(/we_\w+/, "we_missing") };
  };
/** The same request, made after the app's endpoint writes start failing with `wrap`. */
const thenFailing =
  (request: Scenario["request"], wrap: (deps: WebhookDeps) => WebhookDeps): Scenario["request"] =>
  async (api, session) => {
    const valid = await request(api, session);
    Object.assign(api.webhooks.deps, wrap({ ...api.webhooks.deps }));
    return valid;
  };
const updateEndpoint = onEndpoint("", { description: "changed" });

const replay = (since = "2026-11-29T09:00:00.000Z"): Scenario["request"] => onEndpoint("/replay", { since });
// The replay's start lands and its answer is lost (504).
const replaysAnswerLost = (deps: WebhookDeps): WebhookDeps => ({
  ...deps,
  replays: {
    change: async (partnerId, endpointId, change) => {
      await deps.replays.change(partnerId, endpointId, change);
      throw Object.assign(new Error("unavailable"), { code: GRPC_STATUS.UNAVAILABLE });
    },
  },
});
/** An event of the session's partner, stored as the entry trigger stores it. */
const storedEvent: Scenario["request"] = async (api, { token, partnerId }) => {
  const created = await api.request("POST", "/v1/entries", { token, body: entry });
  const event = { id: "evt_one", type: "entry.created" as const, createdAt: api.clock.now().toISOString() };
  await api.webhooks.deps.events.createIfAbsent(partnerId, {
    ...event,
    payload: JSON.stringify({ ...event, data: created.body }),
    endpointIds: [],
  });
  return { token, path: "/v1/events/evt_one" };
};

// Every status each route can answer, each with a request that makes it. Keyed by method and path.
const SCENARIOS: Record<string, Scenario[]> = {
  "GET /v1/health": [{ status: 200, request: async () => ({}) }],
  "GET /v1/openapi.json": [{ status: 200, request: async () => ({}) }],
  "GET /v1/me": [
    { status: 200, request: async (_api, { token }) => ({ token }) },
    ...partnerRouteScenarios(async (_api, { token }) => ({ token })),
  ],
  "GET /v1/entries": [
    { status: 200, request: listEntries },
    { status: 400, request: async (_api, { token }) => ({ token, path: "/v1/entries?limit=0" }) },
    ...partnerRouteScenarios(listEntries),
  ],
  "POST /v1/entries": [
    { status: 201, request: createEntry },
    { status: 400, request: async (_api, { token }) => ({ token, body: { ...entry, amountMinor: 0 } }) },
    { status: 409, options: { wrapEntries: aborted }, request: createEntry },
    {
      status: 413,
      request: async (_api, { token }) => ({ token, body: { ...entry, description: "x".repeat(70_000) } }),
    },
    {
      status: 415,
      request: async (_api, { token }) => ({ token, headers: { "content-type": "text/plain" }, body: "x" }),
    },
    {
      status: 422,
      request: async (api, { token }) => {
        const headers = { "idempotency-key": "k" };
        await api.request("POST", "/v1/entries", { token, headers, body: entry });
        return { token, headers, body: { ...entry, amountMinor: 2 } };
      },
    },
    { status: 504, options: { wrapEntries: answerLost }, request: createEntry },
    ...partnerRouteScenarios(createEntry),
  ],
  "GET /v1/entries/:id": [
    { status: 200, request: getEntry },
    { status: 404, request: async (_api, { token }) => ({ token, path: "/v1/entries/e_missing" }) },
    ...partnerRouteScenarios(getEntry),
  ],
  "GET /v1/entries/:id/versions": [
    { status: 200, request: listVersions },
    {
      status: 400,
      request: async (api, session) => {
        const request = await listVersions(api, session);
        return { ...request, path: `${request.path}?pageToken=nope` };
      },
    },
    { status: 404, request: async (_api, { token }) => ({ token, path: "/v1/entries/e_missing/versions" }) },
    ...partnerRouteScenarios(listVersions),
  ],
  "POST /v1/oauth/token": [
    { status: 200, request: tokenRequest },
    {
      status: 400,
      request: async (api, session) => ({
        ...(await tokenRequest(api, session)),
        body: "grant_type=password",
      }),
    },
    { status: 401, request: async (api) => wrongSecret((await machineTokenRequest(api)).clientId) },
    {
      status: 429,
      options: { tokenFailuresPerSource: 1 },
      request: async (api) => {
        const { clientId, request } = await machineTokenRequest(api);
        await api.request("POST", "/v1/oauth/token", wrongSecret(clientId));
        return request;
      },
    },
    {
      status: 503,
      request: async (api, session) => {
        const request = await tokenRequest(api, session);
        api.auth.fail("auth/internal-error");
        return request;
      },
    },
  ],
  "PATCH /v1/entries/:id": [
    { status: 200, request: updateEntry },
    { status: 400, request: async (api, session) => ({ ...(await updateEntry(api, session)), body: {} }) },
    {
      status: 404,
      request: async (_api, { token }) => ({ token, path: "/v1/entries/e_missing", body: { category: "x" } }),
    },
    {
      status: 409,
      options: { wrapEntries: aborted },
      request: async (_api, { token }) => ({ token, path: "/v1/entries/e_any", body: { category: "x" } }),
    },
    {
      status: 412,
      request: async (api, session) => ({
        ...(await updateEntry(api, session)),
        headers: { "if-match": '"v9"' },
      }),
    },
    {
      status: 413,
      request: async (api, session) => ({
        ...(await updateEntry(api, session)),
        body: { description: "x".repeat(70_000) },
      }),
    },
    {
      status: 415,
      request: async (api, session) => ({
        ...(await updateEntry(api, session)),
        headers: { "content-type": "text/plain" },
        body: "x",
      }),
    },
    {
      status: 504,
      request: async (api, session) => {
        const request = await updateEntry(api, session);
        // After the create: from now on the app's repository loses commit answers.
        Object.assign(api.entries, { runTransaction: answerLost({ ...api.entries }).runTransaction });
        return request;
      },
    },
    ...partnerRouteScenarios(updateEntry),
  ],
  "POST /v1/webhook-endpoints": [
    { status: 201, request: createEndpoint },
    {
      status: 400,
      request: async (_api, { token }) => ({ token, body: { ...hook, url: "http://x.example" } }),
    },
    { status: 409, options: { wrapWebhooks: endpointsAborted }, request: createEndpoint },
    {
      status: 413,
      request: async (_api, { token }) => ({ token, body: { ...hook, description: "x".repeat(70_000) } }),
    },
    {
      status: 415,
      request: async (_api, { token }) => ({ token, headers: { "content-type": "text/plain" }, body: "x" }),
    },
    { status: 504, options: { wrapWebhooks: endpointsAnswerLost }, request: createEndpoint },
    ...partnerRouteScenarios(createEndpoint),
  ],
  "GET /v1/webhook-endpoints": [
    { status: 200, request: async (_api, { token }) => ({ token }) },
    { status: 400, request: async (_api, { token }) => ({ token, path: "/v1/webhook-endpoints?limit=0" }) },
    ...partnerRouteScenarios(async (_api, { token }) => ({ token })),
  ],
  "GET /v1/webhook-endpoints/:id": [
    { status: 200, request: onEndpoint() },
    { status: 404, request: missing(onEndpoint()) },
    ...partnerRouteScenarios(onEndpoint()),
  ],
  "PATCH /v1/webhook-endpoints/:id": [
    { status: 200, request: updateEndpoint },
    { status: 400, request: onEndpoint("", { status: "paused" }) },
    { status: 404, request: missing(updateEndpoint) },
    { status: 409, request: thenFailing(updateEndpoint, endpointsAborted) },
    { status: 413, request: onEndpoint("", { description: "x".repeat(70_000) }) },
    {
      status: 415,
      request: async (api, session) => ({
        ...(await updateEndpoint(api, session)),
        headers: { "content-type": "text/plain" },
        body: "x",
      }),
    },
    { status: 504, request: thenFailing(updateEndpoint, endpointsAnswerLost) },
    ...partnerRouteScenarios(updateEndpoint),
  ],
  "DELETE /v1/webhook-endpoints/:id": [
    { status: 204, request: onEndpoint() },
    { status: 404, request: missing(onEndpoint()) },
    { status: 409, request: thenFailing(onEndpoint(), endpointsAborted) },
    { status: 504, request: thenFailing(onEndpoint(), endpointsAnswerLost) },
    ...partnerRouteScenarios(onEndpoint()),
  ],
  "POST /v1/webhook-endpoints/:id/rotate-secret": [
    { status: 200, request: onEndpoint("/rotate-secret") },
    { status: 404, request: missing(onEndpoint("/rotate-secret")) },
    { status: 409, request: thenFailing(onEndpoint("/rotate-secret"), endpointsAborted) },
    { status: 504, request: thenFailing(onEndpoint("/rotate-secret"), endpointsAnswerLost) },
    ...partnerRouteScenarios(onEndpoint("/rotate-secret")),
  ],
  "POST /v1/webhook-endpoints/:id/test": [
    { status: 202, request: onEndpoint("/test") },
    { status: 404, request: missing(onEndpoint("/test")) },
    { status: 504, request: thenFailing(onEndpoint("/test"), eventWriteLost) },
    ...partnerRouteScenarios(onEndpoint("/test")),
  ],
  "GET /v1/webhook-endpoints/:id/deliveries": [
    { status: 200, request: onEndpoint("/deliveries") },
    { status: 400, request: onEndpoint("/deliveries?pageToken=nope") },
    { status: 404, request: missing(onEndpoint("/deliveries")) },
    ...partnerRouteScenarios(onEndpoint("/deliveries")),
  ],
  "POST /v1/webhook-endpoints/:id/replay": [
    { status: 202, request: replay() },
    { status: 400, request: replay("2026-10-01T00:00:00Z") },
    { status: 404, request: missing(replay()) },
    {
      status: 409,
      request: async (api, session) => {
        const request = await replay()(api, session);
        await api.request("PATCH", request.path?.replace(/\/replay$/, "") ?? "", {
          token: session.token,
          body: { status: "disabled" },
        });
        return request;
      },
    },
    { status: 413, request: onEndpoint("/replay", { since: "x".repeat(70_000) }) },
    {
      status: 415,
      request: async (api, session) => ({
        ...(await replay()(api, session)),
        headers: { "content-type": "text/plain" },
        body: "x",
      }),
    },
    { status: 504, request: thenFailing(replay(), replaysAnswerLost) },
    ...partnerRouteScenarios(replay()),
  ],
  "GET /v1/events": [
    { status: 200, request: async (_api, { token }) => ({ token }) },
    { status: 400, request: async (_api, { token }) => ({ token, path: "/v1/events?type=ping" }) },
    ...partnerRouteScenarios(async (_api, { token }) => ({ token })),
  ],
  "GET /v1/events/:id": [
    { status: 200, request: storedEvent },
    { status: 404, request: async (_api, { token }) => ({ token, path: "/v1/events/evt_missing" }) },
    ...partnerRouteScenarios(storedEvent),
  ],
  "GET /v1/usage": [
    { status: 200, request: async (_api, { token }) => ({ token }) },
    {
      status: 400,
      request: async (_api, { token }) => ({ token, path: "/v1/usage?from=2026-11-30&to=2026-11-01" }),
    },
    ...partnerRouteScenarios(async (_api, { token }) => ({ token })),
  ],
};

const documentedStatuses = (method: string, path: string) =>
  Object.keys(openApiDocument().paths[openApiPath(path)]?.[method.toLowerCase()]?.responses ?? {}).map(
    Number,
  );

describe("the OpenAPI document", () => {
  it("describes every route of the table with its operation id, and nothing else", () => {
    const routes = routeTable();
    const document = openApiDocument();
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations.sort()).toEqual(
      routes.map(({ method, path }) => `${method} ${openApiPath(path)}`).sort(),
    );
    for (const route of routes) {
      const operation = document.paths[openApiPath(route.path)]?.[route.method.toLowerCase()];
      expect(operation?.operationId).toBe(route.doc.operationId);
    }
  });

  it("groups every operation under a resource, with a summary to head it", () => {
    const document = openApiDocument();
    const tagNames = (document as unknown as { tags: { name: string }[] }).tags.map(({ name }) => name);
    expect(tagNames).toEqual(["Authentication", "Entries", "Events", "Webhooks", "Usage", "Service"]);
    for (const methods of Object.values(document.paths)) {
      for (const operation of Object.values(methods) as (Operation & { summary: string; tags: string[] })[]) {
        expect(operation.tags).toHaveLength(1);
        expect(tagNames).toContain(operation.tags[0]);
        expect(operation.summary).toMatch(/^[A-Z][^.]{3,60}$/);
      }
    }
  });

  it("names the scope each scoped route needs", () => {
    const document = openApiDocument();
    expect(document.paths["/v1/entries"]?.post?.description).toMatch(/^Needs entries:write\./);
    expect(document.paths["/v1/entries/{id}"]?.get?.description).toMatch(/^Needs entries:read\./);
    expect(document.paths["/v1/me"]?.get?.description).not.toMatch(/Needs/);
  });

  it("has a scenario for every operation, so no route's statuses go unchecked", () => {
    expect(Object.keys(SCENARIOS).sort()).toEqual(
      routeTable()
        .map(({ method, path }) => `${method} ${path}`)
        .sort(),
    );
  });

  describe.each(Object.entries(SCENARIOS))("%s", (route, scenarios) => {
    const [method = "", path = ""] = route.split(" ");

    it.each(scenarios.map((scenario) => [scenario.status, scenario] as const))(
      "can answer %i, and the document lists it",
      async (status, scenario) => {
        const api = createInProcessApi(scenario.options);
        const { path: requestPath, ...request } = await scenario.request(api, await api.partner());
        const response = await api.request(method, requestPath ?? path, request);
        expect(response.status).toBe(status);
        expect(documentedStatuses(method, path)).toContain(status);
      },
    );

    it("lists no status that the scenarios do not produce", () => {
      expect(documentedStatuses(method, path).sort()).toEqual(scenarios.map(({ status }) => status).sort());
    });
  });
});

const PROBLEM = { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } };
const OAUTH_ERROR = { "application/json": { schema: { $ref: "#/components/schemas/OAuthError" } } };
const json = (component: string) => ({
  "application/json": { schema: { $ref: `#/components/schemas/${component}` } },
});
const RETRY_AFTER = {
  "Retry-After": { description: "Seconds to wait before retrying.", schema: { type: "integer" } },
};
const stringHeader = (description: string) => ({ description, schema: { type: "string" } });
/** The answers every partner route documents besides its own. */
const PARTNER_ERRORS = {
  "401": {
    description: "Unauthenticated",
    headers: { "WWW-Authenticate": stringHeader("Bearer challenge.") },
    content: PROBLEM,
  },
  "403": { description: "Forbidden", content: PROBLEM },
  "429": {
    description: "Too many requests or Daily quota exceeded",
    headers: {
      ...RETRY_AFTER,
      "RateLimit-Limit": { description: "The daily quota.", schema: { type: "integer" } },
      "RateLimit-Remaining": { description: "0: none left today.", schema: { type: "integer" } },
      "RateLimit-Reset": { description: "Seconds to the next UTC midnight.", schema: { type: "integer" } },
    },
    content: PROBLEM,
  },
  "503": { description: "Service unavailable", headers: RETRY_AFTER, content: PROBLEM },
};
const ENDPOINT_ID_PARAMETER = {
  name: "id",
  in: "path",
  required: true,
  description: "The webhook endpoint's id (we_…).",
  schema: { type: "string", minLength: 1 },
};

describe("what the OpenAPI document tells a partner", () => {
  it("identifies itself as the Partner API 1.0.0 in OpenAPI 3.1 and says how errors look", () => {
    const { openapi, info, servers } = openApiDocument();
    expect(openapi).toBe("3.1.0");
    // Paths resolve against the host that serves the document, whatever its function URL prefix.
    expect(servers).toEqual([{ url: "/" }]);
    expect(info.title).toBe("Partner API");
    expect(info.version).toBe("1.0.0");
    expect(info.description).toMatch(/^Ledger entries for partner systems\. Authenticate with a Firebase ID/);
    expect(info.description).toMatch(/RFC 9457 problem\+json/);
    expect(info.description).toMatch(/its own HTML 400 before this API sees it\.$/);
  });

  it("accepts a Firebase ID token on every route, and points OAuth tooling at the token endpoint", () => {
    const { security, components } = openApiDocument();
    expect(security).toEqual([{ firebaseIdToken: [] }, { clientCredentials: [] }]);
    expect(components.securitySchemes).toEqual({
      firebaseIdToken: { type: "http", scheme: "bearer", bearerFormat: "JWT" },
      clientCredentials: {
        type: "oauth2",
        description:
          "Machine credentials: exchange a client id and secret for a Bearer token (a Firebase ID token).",
        flows: {
          clientCredentials: {
            tokenUrl: "/v1/oauth/token",
            scopes: {
              "entries:read": "The entries:read scope.",
              "entries:write": "The entries:write scope.",
              "webhooks:manage": "The webhooks:manage scope.",
            },
          },
        },
      },
    });
  });

  it("names the shared schemas as components, without a dialect or id of their own, linked by $ref", () => {
    const { schemas } = openApiDocument().components;
    expect(Object.keys(schemas).sort()).toEqual(
      [
        "CreateEntry",
        "CreateWebhookEndpoint",
        "CreatedWebhookEndpoint",
        "Entry",
        "EntryPage",
        "EntryVersion",
        "EntryVersionPage",
        "Event",
        "EventPage",
        "Me",
        "OAuthError",
        "Problem",
        "ReplayRequest",
        "ReplayStarted",
        "RotatedSecret",
        "TokenRequest",
        "TokenResponse",
        "UpdateEntry",
        "UpdateWebhookEndpoint",
        "UsageDay",
        "UsageReport",
        "WebhookDelivery",
        "WebhookDeliveryPage",
        "WebhookEndpoint",
        "WebhookEndpointPage",
        "WebhookEvent",
      ].sort(),
    );
    for (const schema of Object.values(schemas)) {
      expect(schema).not.toHaveProperty("$schema");
      expect(schema).not.toHaveProperty("$id");
    }
    // As a request reads it: an answer's page does not forbid fields a later version adds.
    expect(schemas.EntryPage).toEqual({
      type: "object",
      properties: {
        data: { type: "array", items: { $ref: "#/components/schemas/Entry" } },
        nextPageToken: { type: ["string", "null"] },
      },
      required: ["data", "nextPageToken"],
      example: expect.objectContaining({ data: [expect.objectContaining({ id: "e_q3Zt8VnLw2Kp4Rx7" })] }),
    });
  });

  it("lets anyone ask for health, with an inline schema and no error answers", () => {
    expect(operationOf("get", "/v1/health")).toEqual({
      operationId: "getHealth",
      summary: "Check health",
      tags: ["Service"],
      description: "Whether the API is up.",
      security: [],
      responses: {
        "200": {
          description: "The API is up.",
          content: {
            "application/json": {
              schema: {
                type: "object",
                properties: { status: { type: "string", const: "ok" } },
                required: ["status"],
              },
            },
          },
        },
      },
    });
  });

  it("describes the calling partner's route without a scope, answering the shared errors", () => {
    expect(operationOf("get", "/v1/me")).toEqual({
      operationId: "getMe",
      summary: "Who am I",
      tags: ["Authentication"],
      description: "The calling partner, as its verified ID token says.",
      responses: { "200": { description: "The calling partner.", content: json("Me") }, ...PARTNER_ERRORS },
    });
  });

  it("lists each query parameter as optional, with its schema as a request reads it", () => {
    expect(operationOf("get", "/v1/entries").parameters).toEqual([
      {
        name: "limit",
        in: "query",
        required: false,
        schema: { default: 20, type: "integer", minimum: 1, maximum: 100 },
      },
      {
        name: "pageToken",
        in: "query",
        required: false,
        schema: { description: "Opaque; from nextPageToken.", type: "string", minLength: 1, maxLength: 2016 },
      },
    ]);
  });

  it("takes an entry as JSON with an optional Idempotency-Key, and answers it with ETag and Location", () => {
    const operation = operationOf("post", "/v1/entries");
    expect(operation.parameters).toEqual([
      {
        name: "Idempotency-Key",
        in: "header",
        required: false,
        description: "The same key and body within 24 hours replays the first response.",
        schema: { type: "string", minLength: 1, maxLength: 255, pattern: "^[\\x21-\\x7e]+$" },
      },
    ]);
    expect(operation.requestBody).toEqual({ required: true, content: json("CreateEntry") });
    expect(operation.responses).toMatchObject({
      "201": {
        description: "Created (or replayed, with Idempotent-Replayed: true).",
        headers: {
          ETag: stringHeader("Current version, for If-Match."),
          Location: stringHeader("The entry, relative to this URL."),
        },
        content: json("Entry"),
      },
      // Two codes answer 409: one response names both.
      "409": { description: "Conflict or Duplicate externalId", headers: RETRY_AFTER, content: PROBLEM },
      "413": { description: "Payload too large", content: PROBLEM },
      "422": { description: "Idempotency key reused", content: PROBLEM },
      "504": { description: "Outcome unknown", content: PROBLEM },
    });
    expect(operation.responses["413"]).not.toHaveProperty("headers");
  });

  it("takes a correction as JSON or as a merge patch, guarded by If-Match", () => {
    const operation = operationOf("patch", "/v1/entries/{id}");
    expect(operation.requestBody).toEqual({
      required: true,
      content: {
        ...json("UpdateEntry"),
        "application/merge-patch+json": json("UpdateEntry")["application/json"],
      },
    });
    expect(operation.parameters).toEqual([
      {
        name: "id",
        in: "path",
        required: true,
        description:
          "The entry's id, percent-encoded: e_… for entries created through the API, any Firestore document id " +
          "(up to 1500 bytes) for entries created directly.",
        schema: { type: "string", minLength: 1 },
      },
      {
        name: "If-Match",
        in: "header",
        required: false,
        description: "Applies the change only if the entry's ETag is one of these (or *).",
        schema: { type: "string" },
      },
    ]);
  });

  it("answers a registered webhook endpoint and a fetched entry with the headers a partner follows", () => {
    expect(operationOf("post", "/v1/webhook-endpoints").responses["201"]).toEqual({
      description: "Registered and enabled.",
      headers: { Location: stringHeader("The endpoint, relative to this URL.") },
      content: json("CreatedWebhookEndpoint"),
    });
    expect(operationOf("get", "/v1/entries/{id}").responses["200"]).toEqual({
      description: "The entry.",
      headers: { ETag: stringHeader("Current version, for If-Match.") },
      content: json("Entry"),
    });
  });

  it("answers a deleted webhook endpoint with an empty 204, and needs webhooks:manage", () => {
    expect(operationOf("delete", "/v1/webhook-endpoints/{id}")).toEqual({
      operationId: "deleteWebhookEndpoint",
      summary: "Delete a webhook endpoint",
      tags: ["Webhooks"],
      description: "Needs webhooks:manage. Removes the endpoint; attempts still queued for it are dropped.",
      parameters: [ENDPOINT_ID_PARAMETER],
      responses: {
        "204": { description: "Removed." },
        ...PARTNER_ERRORS,
        "404": { description: "Not found", content: PROBLEM },
        "409": { description: "Conflict", headers: RETRY_AFTER, content: PROBLEM },
        "504": { description: "Outcome unknown", content: PROBLEM },
      },
    });
  });

  it("lists the answers by status, as a reader scans them", () => {
    expect(Object.keys(operationOf("post", "/v1/webhook-endpoints/{id}/rotate-secret").responses)).toEqual([
      "200",
      "401",
      "403",
      "404",
      "409",
      "429",
      "503",
      "504",
    ]);
  });

  it("takes the token request as a form and answers its errors as OAuth bodies, an outage as problem+json", () => {
    const operation = operationOf("post", "/v1/oauth/token");
    expect(operation.security).toEqual([]);
    expect(operation.parameters).toEqual([
      {
        name: "Authorization",
        in: "header",
        required: false,
        description: "Basic base64(client_id:client_secret).",
        schema: { type: "string" },
      },
    ]);
    expect(operation.requestBody).toEqual({
      required: true,
      content: {
        "application/x-www-form-urlencoded": { schema: { $ref: "#/components/schemas/TokenRequest" } },
      },
    });
    // A form is not parsed as a JSON body: no 413 or 415, and 400 is only the OAuth error.
    expect(operation.responses).toEqual({
      "200": {
        description: "A token; never cached.",
        headers: { "Cache-Control": stringHeader("no-store"), Pragma: stringHeader("no-cache") },
        content: json("TokenResponse"),
      },
      "400": {
        description: "invalid_request or unauthorized_client or unsupported_grant_type or invalid_scope",
        content: OAUTH_ERROR,
      },
      "401": {
        description: "invalid_client",
        headers: { "WWW-Authenticate": { schema: { type: "string", const: 'Basic realm="partner-api"' } } },
        content: OAUTH_ERROR,
      },
      "429": { description: "temporarily_unavailable", headers: RETRY_AFTER, content: OAUTH_ERROR },
      "503": { description: "Service unavailable", headers: RETRY_AFTER, content: PROBLEM },
    });
  });

  it("documents a query parameter and a body as the client sends them, before parsing transforms them", () => {
    const document = buildOpenApiDocument([
      {
        method: "GET",
        path: "/v1/things",
        access: "public",
        doc: {
          operationId: "listThings",
          summary: "List things",
          description: "Things.",
          query: z.object({ ids: z.string().transform((ids) => ids.split(",")) }),
          body: z.object({ tags: z.string().transform((tags) => tags.split(",")) }),
          success: { status: 200, description: "The things." },
          errors: [],
        },
      },
    ]) as unknown as Document;
    expect(document.paths["/v1/things"]?.get?.parameters).toEqual([
      { name: "ids", in: "query", required: false, schema: { type: "string" } },
    ]);
    expect(document.paths["/v1/things"]?.get?.requestBody).toEqual({
      required: true,
      content: {
        "application/json": {
          schema: { type: "object", properties: { tags: { type: "string" } }, required: ["tags"] },
        },
      },
    });
  });

  it("writes each path parameter in braces and documents it even when the route describes none", () => {
    expect(openApiPath("/v1/webhook-endpoints/:id/rotate-secret")).toBe(
      "/v1/webhook-endpoints/{id}/rotate-secret",
    );
    const document = buildOpenApiDocument([
      {
        method: "GET",
        path: "/v1/things/:thingId/parts/:partId",
        access: "public",
        doc: {
          operationId: "getPart",
          summary: "Get a part",
          description: "A part.",
          success: { status: 200, description: "The part." },
          errors: [],
        },
      },
    ]) as unknown as Document;
    expect(Object.keys(document.paths)).toEqual(["/v1/things/{thingId}/parts/{partId}"]);
    expect(document.paths["/v1/things/{thingId}/parts/{partId}"]?.get?.parameters).toEqual([
      { name: "thingId", in: "path", required: true, schema: { type: "string", minLength: 1 } },
      { name: "partId", in: "path", required: true, schema: { type: "string", minLength: 1 } },
    ]);
  });
});
