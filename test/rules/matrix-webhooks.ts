import { get, list, listen, matrixRows, set } from "./matrix-builders.js";
import type { MatrixCase } from "./operations.js";
import { actors, SEED_TIME } from "./world.js";

// Webhooks live only behind the API (scope webhooks:manage): endpoints with their signing secrets,
// events, replays and the delivery log (and the usage counts the quota reads) are closed to every direct client, the scope's holder included, so a
// secret cannot be read and an endpoint, an event or a delivery record cannot be forged.
const { rows, denies } = matrixRows();
const { anonymous, acme, acmeWebhooks, globex } = actors;

const ENDPOINTS = "partners/acme/webhooks/endpoints";
const EVENT = "partners/acme/webhookEvents/evt1";
const DELIVERIES = "partners/acme/webhookEndpoints/we1/deliveries";
const REPLAYS = "partners/acme/webhooks/replays";
const USAGE = "partners/acme/usage/2026-11-30";
const forged = { endpoints: [{ id: "we2", url: "https://attacker.example.com/", secrets: [] }] };

for (const actor of [acmeWebhooks, acme]) {
  denies(actor, "reads its own webhook endpoints and their secrets", get(ENDPOINTS));
  denies(actor, "listens to its own webhook endpoints", listen(ENDPOINTS));
  denies(actor, "lists its own webhook configuration", list("partners/acme/webhooks", { limit: 10 }));
  denies(actor, "registers a webhook endpoint directly", set(ENDPOINTS, forged));
  denies(actor, "reads one of its webhook events", get(EVENT));
  denies(actor, "lists its webhook events", list("partners/acme/webhookEvents", { limit: 10 }));
  denies(
    actor,
    "forges a webhook event",
    set("partners/acme/webhookEvents/evt2", {
      type: "ping",
      payload: "{}",
      endpointIds: ["we1"],
      createdAt: SEED_TIME,
    }),
  );
  denies(actor, "reads its delivery log", get(`${DELIVERIES}/dlv1`));
  denies(actor, "lists its delivery log", list(DELIVERIES, { limit: 10 }));
  denies(actor, "rewrites a delivery record", set(`${DELIVERIES}/dlv1`, { status: "failed" }));
  denies(actor, "reads its replay state", get(REPLAYS));
  denies(
    actor,
    "ends a running replay early",
    set(REPLAYS, { we1: { replayId: "rpl1", events: 0, attempted: 0 } }),
  );
  // Usage counts are the API's record of what a partner did: readable only through GET /v1/usage.
  denies(actor, "reads its usage of a day", get(USAGE));
  denies(actor, "lists its usage", list("partners/acme/usage", { limit: 10 }));
  denies(actor, "lowers its own usage count", set(USAGE, { requests: 0 }));
}
denies(acmeWebhooks, "deletes its webhook endpoints", { kind: "delete", path: ENDPOINTS });
denies(globex, "reads another tenant's webhook endpoints", get(ENDPOINTS));
denies(anonymous, "reads webhook endpoints", get(ENDPOINTS));

export const webhookCases: readonly MatrixCase[] = rows;
