import { describe, expect, it } from "vitest";
import { ENTRY_INPUT } from "../testing/entry-fixtures.js";
import { createInProcessApi, type InProcessApi } from "../testing/in-process-api.js";
import { fuzzEveryRoute, type FuzzTarget, type OpenApiDocument } from "../testing/openapi-fuzz.js";

// Every route of the served OpenAPI document fuzzed in process (testing/openapi-fuzz.ts): never a 5xx,
// and nothing of either partner changed by a 4xx. The stack runs it too (test/api/openapi-fuzz.test.ts).

const RUNS = 500;

/** Everything a request of these partners could change, in a stable order. */
async function snapshotOf(api: InProcessApi, partnerIds: string[]): Promise<string> {
  const partners = await Promise.all(
    partnerIds.map(async (partnerId) => {
      const listed = await api.entries.listEntries(partnerId, 10_000, null);
      const entries = await Promise.all(
        listed.map(async ({ entry }) => ({
          entry,
          versions: await api.entries.listVersions(partnerId, entry.id, 10_000, null),
        })),
      );
      const endpoints = await api.webhooks.deps.endpoints.list(partnerId);
      const deliveries = await Promise.all(
        endpoints.map((endpoint) => api.webhooks.deps.deliveries.list(partnerId, endpoint.id, 10_000, null)),
      );
      return { entries, endpoints, deliveries, partner: await api.partners.getPartner(partnerId) };
    }),
  );
  return JSON.stringify({
    partners,
    queued: api.webhooks.queue.waiting(),
    credentials: await api.credentials.list(),
    tokens: api.tokenAudit(),
  });
}

async function inProcessTarget(): Promise<FuzzTarget> {
  // No clock moves here, so the rate limit would refuse everything after its budget.
  const api = createInProcessApi({ rateLimitPerMinute: 1_000_000 });
  const writer = await api.partner();
  const reader = await api.partner({ scopes: ["entries:read"] });
  await api.machineClient({ partnerId: "acme" });
  const entry = await api.request("POST", "/v1/entries", { token: writer.token, body: ENTRY_INPUT });
  const endpoint = await api.request("POST", "/v1/webhook-endpoints", {
    token: writer.token,
    body: { url: "https://hooks.example.com/h", events: ["entry.created"] },
  });
  const document = (await api.request("GET", "/v1/openapi.json")).body as OpenApiDocument;
  return {
    document,
    realIds: [(entry.body as { id: string }).id, (endpoint.body as { id: string }).id],
    tokens: { full: writer.token, readOnly: reader.token },
    snapshot: () => snapshotOf(api, [writer.partnerId, reader.partnerId, "acme"]),
    async send({ method, path, headers, body }) {
      const response = await api.request(method, path, { headers, ...(body === undefined ? {} : { body }) });
      return {
        status: response.status,
        contentType: String(response.headers["content-type"] ?? ""),
        text: response.text,
      };
    },
  };
}

describe("every route of the OpenAPI document, fuzzed in process", () => {
  it(`answers ${RUNS} generated requests without a 5xx, and changes nothing on a 4xx`, async () => {
    const report = await fuzzEveryRoute(await inProcessTarget(), RUNS);
    expect(report.requests).toBe(RUNS);
    console.log(`openapi fuzz in process: ${RUNS} requests, statuses ${JSON.stringify(report.statuses)}`);
  });
});
