import { randomBytes } from "node:crypto";
import { getAuth } from "firebase-admin/auth";
import { getFirestore } from "firebase-admin/firestore";
import { composeApp } from "./compose.js";
import {
  forwardedByGoogle,
  identityToolkitOrigin,
  loadConfig,
  unsafeEnvironmentProblem,
  type ApiConfig,
} from "./config.js";
import { createAuditLogRepository } from "./data/audit-log-repository.js";
import { createClientCredentialRepository } from "./data/credentials/client-credentials-repository.js";
import { createEntriesRepository } from "./data/entries/entries-repository.js";
import { createIdTokenMinter } from "./data/credentials/identity-toolkit.js";
import { createPartnersRepository } from "./data/access/partners-repository.js";
import { createUsageRepository } from "./data/usage/usage-repository.js";
import type { VerifiedToken } from "./domain/access/partner-access.js";
import type { TokenIssuedEvent } from "./domain/credentials/token-exchange.js";
import { createUsageMeter } from "./domain/usage/usage-meter.js";
import { ApiError } from "./errors.js";
import type { HttpHandler } from "./http/app.js";
import { send } from "./http/reply.js";
import { requestIdFor } from "./http/request-id.js";
import * as logs from "./logs.js";
import { adminApp, createWebhookDeps } from "./production-webhooks.js";

/** The app on the real Firebase services; loaded on the first request, not at cold start. */
export function createProductionApp(): HttpHandler {
  const unsafe = unsafeEnvironmentProblem(process.env);
  if (unsafe) {
    logs.unsafeEnvironment(unsafe);
    return refuseEverything();
  }
  let config: Readonly<ApiConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    // Refused like an unsafe environment: a logged reason and a clean 503 on every request, rather
    // than a rejected app that the platform answers with a bare 500 and no log line.
    logs.invalidConfig(error);
    return refuseEverything();
  }
  const app = adminApp();
  const db = getFirestore(app);
  const auth = getAuth(app);
  const clock = () => new Date();
  const partners = createPartnersRepository(db, clock);
  const usageStore = createUsageRepository(db);
  const meter = createUsageMeter({
    store: usageStore,
    clock,
    flushMs: config.usageFlushMs,
    schedule: (flush, ms) => setTimeout(flush, ms).unref(),
    onError: logs.usageFlushFailed,
  });
  // Cloud Run sends SIGTERM and waits 10 s before stopping an instance: time to write what it counted.
  process.once("SIGTERM", () => void meter.flushAll());
  return composeApp(
    {
      entries: createEntriesRepository(db),
      getPartner: (partnerId) => partners.getPartner(partnerId),
      verifyIdToken: (token) => auth.verifyIdToken(token, true) as Promise<VerifiedToken>,
      getUser: (uid) => auth.getUser(uid),
      credentials: createClientCredentialRepository(db),
      mintIdToken: createIdTokenMinter({
        auth,
        identityToolkitOrigin: identityToolkitOrigin(process.env),
        webApiKey: config.webApiKey,
      }),
      audit: createAuditLogRepository<TokenIssuedEvent>(db, { source: "partner-api" }, clock).append,
      webhooks: createWebhookDeps(app, config),
      usage: { meter, store: usageStore, clock },
      clock,
      newEntryId: () => `e_${randomBytes(12).toString("base64url")}`,
    },
    { ...config, forwardedByGoogle: forwardedByGoogle(process.env) },
  );
}

function refuseEverything(): HttpHandler {
  const refusal = new ApiError("UNAVAILABLE", "This deployment is misconfigured and refuses to serve.");
  return async (req, res) => {
    const requestId = requestIdFor(req.get("x-request-id"));
    res.set("X-Request-Id", requestId);
    send(res, { status: refusal.status, body: refusal.toProblem(requestId) });
  };
}
