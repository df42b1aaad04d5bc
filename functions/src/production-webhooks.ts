import { randomBytes } from "node:crypto";
import { getApps, initializeApp, type App } from "firebase-admin/app";
import { getFirestore } from "firebase-admin/firestore";
import { getFunctions } from "firebase-admin/functions";
import { composeWebhooks } from "./compose.js";
import { loadConfig, webhookTargetPolicy, type ApiConfig } from "./config.js";
import { createPartnersRepository } from "./data/access/partners-repository.js";
import { createDeliveryTaskQueue } from "./data/webhooks/delivery-task-queue.js";
import { createWebhookDeliveriesRepository } from "./data/webhooks/webhook-deliveries-repository.js";
import { createWebhookEndpointsRepository } from "./data/webhooks/webhook-endpoints-repository.js";
import { createWebhookEventsRepository } from "./data/webhooks/webhook-events-repository.js";
import { createWebhookReplaysRepository } from "./data/webhooks/webhook-replays-repository.js";
import { createWebhookTransport } from "./data/webhooks/webhook-transport.js";
import type { DeliveryTask } from "./domain/webhooks/ports.js";
import type { WebhookDeps } from "./domain/webhooks/webhooks.js";
import { handleDeliveryTask } from "./triggers/delivery-task.js";
import { handleEntryWritten, type EntryWrittenEvent } from "./triggers/entry-written.js";

/** The task queue function that runs delivery attempts: the name index.ts exports it under. */
export const DELIVERY_TASK_FUNCTION = "locations/us-central1/functions/deliverWebhook";

/** The one firebase-admin app of this instance, whichever function loads first. */
export function adminApp(): App {
  return getApps()[0] ?? initializeApp();
}

/** Webhooks on the real Firebase services: Firestore, the task queue, outbound HTTP. */
export function createWebhookDeps(
  app: App,
  config: Pick<ApiConfig, "webhookRetryDelayDivisor" | "eventRetentionMs">,
): WebhookDeps {
  const db = getFirestore(app);
  const policy = webhookTargetPolicy(process.env);
  const partners = createPartnersRepository(db);
  return composeWebhooks(
    {
      endpoints: createWebhookEndpointsRepository(db),
      events: createWebhookEventsRepository(db),
      deliveries: createWebhookDeliveriesRepository(db),
      replays: createWebhookReplaysRepository(db),
      queue: createDeliveryTaskQueue(getFunctions(app).taskQueue<DeliveryTask>(DELIVERY_TASK_FUNCTION)),
      transport: createWebhookTransport({ policy }),
      getPartner: (partnerId) => partners.getPartner(partnerId),
      clock: () => new Date(),
      newId: (prefix) => `${prefix}_${randomBytes(16).toString("base64url")}`,
    },
    {
      policy,
      eventRetentionMs: config.eventRetentionMs,
      retryDelayDivisor: config.webhookRetryDelayDivisor,
    },
  );
}

/** The trigger's and the task queue's handlers on the real services; loaded on their first event. */
export function createWebhookHandlers() {
  const deps = createWebhookDeps(adminApp(), loadConfig());
  return {
    entryWritten: (event: EntryWrittenEvent) => handleEntryWritten(deps, event),
    deliveryTask: (data: unknown) => handleDeliveryTask(deps, data),
  };
}
