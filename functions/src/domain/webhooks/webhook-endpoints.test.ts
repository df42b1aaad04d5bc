import { describe, expect, it } from "vitest";
import { createFakeClock } from "../../testing/fake-clock.js";
import { createInProcessWebhooks } from "../../testing/in-process-webhooks.js";
import {
  createEndpoint,
  deleteEndpoint,
  disableEndpoint,
  getEndpoint,
  listDeliveries,
  listEndpoints,
  updateEndpoint,
} from "./webhook-endpoints.js";
import { MAX_ENDPOINTS_PER_PARTNER, type Delivery } from "./webhook-schema.js";
import { apiErrorOf } from "../../testing/api-error-of.js";

const PARTNER = "acme";
const input = { url: "https://hooks.example.com/ledger", events: ["entry.created" as const] };

function setup() {
  const clock = createFakeClock();
  const { deps } = createInProcessWebhooks(clock);
  const create = async () => {
    const endpoint = await createEndpoint(deps, PARTNER, input);
    clock.advance(1000);
    return endpoint;
  };
  return { deps, clock, create };
}

const notFound = { status: 404, detail: "No webhook endpoint with this id exists." };

describe("webhook endpoints", () => {
  it("refuses a URL that is not a public https one, naming url, and stores nothing", async () => {
    const { deps } = setup();
    const error = await apiErrorOf(
      createEndpoint(deps, PARTNER, { ...input, url: "http://hooks.example.com/" }),
    );
    expect(error).toMatchObject({
      status: 400,
      detail: "The webhook endpoint is invalid.",
      errors: [{ field: "url", message: "must use https" }],
    });
    expect(await deps.endpoints.list(PARTNER)).toEqual([]);
  });

  it(`refuses endpoint ${MAX_ENDPOINTS_PER_PARTNER + 1} with what to do about it`, async () => {
    const { deps, create } = setup();
    for (let i = 0; i < MAX_ENDPOINTS_PER_PARTNER; i++) await create();
    const error = await apiErrorOf(createEndpoint(deps, PARTNER, input));
    expect(error).toMatchObject({
      status: 409,
      detail: `A partner may register at most ${MAX_ENDPOINTS_PER_PARTNER} webhook endpoints; delete one first.`,
    });
    expect(await deps.endpoints.list(PARTNER)).toHaveLength(MAX_ENDPOINTS_PER_PARTNER);
  });

  it("pages endpoints newest first by each page's last one, the last full page without a next token", async () => {
    const { deps, create } = setup();
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.unshift((await create()).id);
    const first = await listEndpoints(deps, PARTNER, { limit: 3 });
    expect(first.data.map(({ id }) => id)).toEqual(ids.slice(0, 3));
    const second = await listEndpoints(deps, PARTNER, { limit: 3, pageToken: first.nextPageToken ?? "" });
    expect(second.data.map(({ id }) => id)).toEqual(ids.slice(3));
    expect(second.nextPageToken).toBeNull();
  });

  it("answers 404 for an endpoint the partner does not have", async () => {
    const { deps, create } = setup();
    const { id } = await create();
    expect(await apiErrorOf(getEndpoint(deps, "other", id))).toMatchObject(notFound);
    expect(await apiErrorOf(getEndpoint(deps, PARTNER, "we_missing"))).toMatchObject(notFound);
  });

  it("deletes only the endpoint named", async () => {
    const { deps, create } = setup();
    const kept = await create();
    const gone = await create();
    await deleteEndpoint(deps, PARTNER, gone.id);
    expect((await deps.endpoints.list(PARTNER)).map(({ id }) => id)).toEqual([kept.id]);
    expect(await apiErrorOf(deleteEndpoint(deps, PARTNER, gone.id))).toMatchObject(notFound);
  });
});

describe("disabling", () => {
  it("disables only the endpoint named, once: the first reason stays", async () => {
    const { deps, create } = setup();
    const other = await create();
    const { id } = await create();
    expect(await disableEndpoint(deps, PARTNER, id, "410 Gone")).toBe(true);
    expect(await disableEndpoint(deps, PARTNER, id, "later reason")).toBe(false);
    expect(await disableEndpoint(deps, PARTNER, "we_missing", "reason")).toBe(false);
    expect(await getEndpoint(deps, PARTNER, id)).toMatchObject({
      status: "disabled",
      disabledReason: "410 Gone",
    });
    expect(await getEndpoint(deps, PARTNER, other.id)).toMatchObject({
      status: "enabled",
      disabledReason: null,
    });
    expect(await deps.endpoints.list(PARTNER)).toHaveLength(2);
  });

  it("keeps a disabled endpoint disabled, with its reason, through a patch that does not enable it", async () => {
    const { deps, create } = setup();
    const { id } = await create();
    await disableEndpoint(deps, PARTNER, id, "410 Gone");
    await updateEndpoint(deps, PARTNER, id, { description: "ledger sync" });
    await updateEndpoint(deps, PARTNER, id, { status: "disabled" });
    expect(await getEndpoint(deps, PARTNER, id)).toMatchObject({
      status: "disabled",
      disabledReason: "410 Gone",
      description: "ledger sync",
    });
    await updateEndpoint(deps, PARTNER, id, { status: "enabled" });
    expect(await getEndpoint(deps, PARTNER, id)).toMatchObject({ status: "enabled", disabledReason: null });
  });
});

describe("listDeliveries", () => {
  it("pages an endpoint's attempts newest first, the last full page without a next token", async () => {
    const { deps, clock, create } = setup();
    const { id } = await create();
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const at = clock.now().toISOString();
      const delivery: Delivery = {
        id: `d_${i}`,
        eventId: `evt_${i}`,
        eventType: "entry.created",
        attempt: 1,
        status: "pending",
        responseStatus: null,
        durationMs: null,
        responseBodyPrefix: null,
        error: null,
        scheduledAt: at,
        createdAt: at,
      };
      await deps.deliveries.recordScheduled(PARTNER, id, delivery);
      ids.unshift(delivery.id);
      clock.advance(1000);
    }
    const first = await listDeliveries(deps, PARTNER, id, { limit: 3 });
    expect(first.data.map((delivery) => delivery.id)).toEqual(ids.slice(0, 3));
    const second = await listDeliveries(deps, PARTNER, id, {
      limit: 3,
      pageToken: first.nextPageToken ?? "",
    });
    expect(second.data.map((delivery) => delivery.id)).toEqual(ids.slice(3));
    expect(second.nextPageToken).toBeNull();
  });
});
