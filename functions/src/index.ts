import { onDocumentWritten } from "firebase-functions/v2/firestore";
import { onRequest } from "firebase-functions/v2/https";
import { onTaskDispatched } from "firebase-functions/v2/tasks";
import type { DeliveryTask } from "./domain/delivery-queue.js";
import type { HttpHandler } from "./http/app.js";
// Declares the params at load time so `firebase deploy` knows them.
import "./config.js";

// The app (firebase-admin, zod, the routes) is loaded by the first request rather than at cold
// start, so the instance is ready to accept traffic as early as possible.
let app: Promise<HttpHandler> | undefined;
const loadApp = () => (app ??= import("./production-app.js").then((module) => module.createProductionApp()));

/** The partner API: every /v1 route of DESIGN.md, behind one HTTPS function. */
export const partnerApi = onRequest(
  {
    region: "us-central1",
    memory: "512MiB",
    timeoutSeconds: 60,
    concurrency: 80,
    maxInstances: 20,
    invoker: "public",
  },
  async (req, res) => (await loadApp())(req, res),
);

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
    document: "partners/{partnerId}/entries/{entryId}",
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

// The benchmark's baseline and naive handlers (src/bench) exist only inside the Functions emulator and
// only when `npm run bench` asks for them, so `firebase deploy` never sees them. A conditional export
// has to be a require: the emulator and deploy read this module's exports synchronously at load time.
if (process.env.FUNCTIONS_EMULATOR === "true" && process.env.PARTNER_API_BENCH === "1") {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  Object.assign(exports, require("./bench/index.js") as object);
}
