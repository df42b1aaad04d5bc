import { describe, expect, it } from "vitest";
import type { EntriesRepository } from "../domain/entries-repository.js";
import type { WebhookDeps } from "../domain/webhooks.js";
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
import { documented, v1Routes } from "./routes.js";
import { tokenRoute } from "./token-route.js";
import { webhookRoutes } from "./webhook-routes.js";

// The table as createApp builds it; no handler runs here.
const routes = documented([
  ...v1Routes({} as never, () => ({})),
  tokenRoute({} as never),
  ...webhookRoutes({} as never),
]);
const document = buildOpenApiDocument(routes) as {
  paths: Record<string, Record<string, { operationId: string; description: string; responses: object }>>;
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
      options: { tokenFailuresPerClientId: 1 },
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
      request: async (api, { token }) => ({ token, path: "/v1/entries/e_any", body: { category: "x" } }),
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
};

const documentedStatuses = (method: string, path: string) =>
  Object.keys(document.paths[openApiPath(path)]?.[method.toLowerCase()]?.responses ?? {}).map(Number);

describe("the OpenAPI document", () => {
  it("describes every route of the table with its operation id, and nothing else", () => {
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

  it("names the scope each scoped route needs", () => {
    expect(document.paths["/v1/entries"]?.post?.description).toMatch(/^Needs entries:write\./);
    expect(document.paths["/v1/entries/{id}"]?.get?.description).toMatch(/^Needs entries:read\./);
    expect(document.paths["/v1/me"]?.get?.description).not.toMatch(/Needs/);
  });

  it("has a scenario for every operation, so no route's statuses go unchecked", () => {
    expect(Object.keys(SCENARIOS).sort()).toEqual(
      routes.map(({ method, path }) => `${method} ${path}`).sort(),
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
