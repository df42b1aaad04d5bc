import { randomUUID } from "node:crypto";
import {
  createAuditLogRepository,
  createPartnersRepository,
  createUsageRepository,
  createWebhookEndpointsRepository,
  type UsageRepository,
  type WebhookEndpointsRepository,
} from "partner-api-functions/shared";
import { revokeAttachmentLinks, type AttachmentLinkStore } from "./attachment-links.js";
import type { CredentialAdminDeps } from "./credential-admin.js";
import { firestoreRevocations } from "./revocations-repository.js";
import { openAdminApp } from "../support/admin-app.js";
import { resolveActor, type Actor } from "./actor.js";
import { firebaseAttachmentLinks } from "./attachment-links-deps.js";
import type { ClaimsAuditEvent, ClaimsDeps } from "./claims-service.js";
import { firebaseCredentialAdmin } from "./credential-admin-deps.js";
import { retrying } from "./retry.js";
import type { Target } from "./target.js";
import type { CliAuth } from "./users.js";

/** What one command runs with; `close()` lets the process exit. */
export interface Services {
  auth: CliAuth;
  actor: Actor;
  claims: ClaimsDeps;
  /** Machine credentials: their store, Auth users, revocation records and audit. */
  credentials: CredentialAdminDeps;
  /** The partners' attachments in Storage (their download links end with access). */
  attachments: AttachmentLinkStore;
  /** What the partner commands read besides claims: usage counts and webhook endpoints. */
  program: ProgramServices;
  close(): Promise<void>;
}

export interface ProgramServices {
  usage: UsageRepository;
  endpoints: WebhookEndpointsRepository;
  /**
   * Replaces the Storage download tokens of the partner's attachments, so URLs handed out before a
   * suspension stop working (the rules already refuse the partner's own reads at once). Returns how many
   * objects it changed.
   */
  stripAttachmentDownloadTokens(partnerId: string): Promise<number>;
}

/** Opens the services a command needs for a target; the process passes firebase-admin's, tests a fake. */
export type Connect = (target: Target, env: NodeJS.ProcessEnv) => Services;

/** Services over firebase-admin, every endpoint taken from the target. */
export const connectFirebase: Connect = (target, env) => {
  const runId = randomUUID();
  const admin = openAdminApp(target, `claims-cli-${runId}`);
  const actor = resolveActor(target, env);
  // Every CLI write is retried on transient failures.
  const revocations = retrying(firestoreRevocations(admin.firestore));
  const context = { actor, runId, source: "claims-cli" };
  const attachments = firebaseAttachmentLinks(admin.app, target.projectId, env);
  return {
    auth: admin.auth,
    actor,
    claims: {
      auth: admin.auth,
      partners: retrying(createPartnersRepository(admin.firestore)),
      audit: retrying(createAuditLogRepository<ClaimsAuditEvent>(admin.firestore, context)),
      revocations,
      attachments,
    },
    credentials: firebaseCredentialAdmin(admin.auth, admin.firestore, revocations, context),
    attachments,
    program: {
      usage: createUsageRepository(admin.firestore),
      endpoints: createWebhookEndpointsRepository(admin.firestore),
      stripAttachmentDownloadTokens: (partnerId) => revokeAttachmentLinks(attachments, partnerId),
    },
    close: admin.close,
  };
};
