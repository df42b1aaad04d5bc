import { get, list, listen, matrixRows, set } from "./matrix-builders.js";
import type { MatrixCase } from "./operations.js";
import { actors, SEED_TIME } from "./world.js";

// Webhooks live only behind the API (scope webhooks:manage): endpoints with their signing secrets,
// events and the delivery log are closed to every direct client, the scope's holder included, so a
// secret cannot be read and an endpoint, an event or a delivery record cannot be forged.
const { rows, denies } = matrixRows();
const { anonymous, acme, acmeWebhooks, globex } = actors;

const ENDPOINTS = "partners/acme/webhooks/endpoints";
const EVENT = "partners/acme/webhookEvents/evt1";
const DELIVERIES = "partners/acme/webhookEndpoints/we1/deliveries";
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
}
denies(acmeWebhooks, "deletes its webhook endpoints", { kind: "delete", path: ENDPOINTS });
denies(globex, "reads another tenant's webhook endpoints", get(ENDPOINTS));
denies(anonymous, "reads webhook endpoints", get(ENDPOINTS));

export const webhookCases: readonly MatrixCase[] = rows;
