import { onRequest } from "firebase-functions/v2/https";
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

// Each instance serves one function, named by FUNCTION_TARGET (Cloud Run and the Functions emulator's
// workers set it; deploy's discovery loads this module without it and so sees every function). The
// webhook functions are loaded only where they may run: firebase-functions/v2/firestore brings its
// protobuf event decoder, about half a second that partnerApi's cold start would otherwise pay. A
// conditional export has to be a require: exports are read synchronously at load time.
const target = process.env.FUNCTION_TARGET;
if (!target || target === "publishEntryEvents" || target === "deliverWebhook") {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  Object.assign(exports, require("./webhook-functions.js") as object);
}

// The benchmark's baseline and naive handlers (src/bench) exist only inside the Functions emulator and
// only when `npm run bench` asks for them, so `firebase deploy` never sees them. A conditional export
// has to be a require: the emulator and deploy read this module's exports synchronously at load time.
if (process.env.FUNCTIONS_EMULATOR === "true" && process.env.PARTNER_API_BENCH === "1") {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  Object.assign(exports, require("./bench/index.js") as object);
}

// Probes of the Storage triggers (src/probes) for the stack's tests: only inside the Functions emulator and
// only when the test stack asks for them (PARTNER_API_TRIGGER_PROBES=1), so `firebase deploy` never sees
// them and the product deploys no Storage trigger.
if (process.env.FUNCTIONS_EMULATOR === "true" && process.env.PARTNER_API_TRIGGER_PROBES === "1") {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  Object.assign(exports, require("./probes/storage-trigger-probes.js") as object);
}
