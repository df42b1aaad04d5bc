import { onDocumentWritten } from "firebase-functions/v2/firestore";
import { onTaskDispatched } from "firebase-functions/v2/tasks";
import { COLLECTIONS } from "./data/model.js";
import type { DeliveryTask } from "./domain/webhooks/ports.js";

// The webhook functions (index.ts loads this module only in their instances and at deploy).

let webhooks: ReturnType<typeof loadWebhookHandlers> | undefined;
const loadWebhookHandlers = () =>
  import("./production-webhooks.js").then((module) => module.createWebhookHandlers());
const webhookHandlers = () => (webhooks ??= loadWebhookHandlers());

/**
 * Every committed write of an entry, whoever made it, becomes one webhook event. Retried by the platform
 * when it throws (a backend failure); a repeated run finds the first run's event.
 */
export const publishEntryEvents = onDocumentWritten(
  {
    document: COLLECTIONS.entries.document,
    region: "us-central1",
    retry: true,
    memory: "256MiB",
  },
  async (event) => (await webhookHandlers()).entryWritten(event),
);

/**
 * One webhook delivery attempt per task. The queue's own retries cover only a crashed run; a receiver's
 * failure schedules the next attempt as a new task (the contract's delays). Its name is the task queue's
 * (production-webhooks.ts enqueues to it): a top-level camelCase export, which the Tasks emulator needs.
 */
export const deliverWebhook = onTaskDispatched<DeliveryTask>(
  {
    region: "us-central1",
    memory: "256MiB",
    // 15 s for the receiver, and room for Firestore and a cold start.
    timeoutSeconds: 60,
    retryConfig: { maxAttempts: 5, minBackoffSeconds: 10 },
    rateLimits: { maxConcurrentDispatches: 100 },
  },
  async (request) => (await webhookHandlers()).deliveryTask(request.data),
);
