// What the claims CLI, the scripts and the tests share with the API: the one module they import
// (`partner-api-functions/shared`), read from source. Not part of the deployed build (tsconfig.json).
// Values are re-exported by name: the scripts run as ES modules under tsx, and Node's CommonJS
// interop sees named re-exports of this CommonJS package, not `export *`.

export { createAuditLogRepository } from "./data/audit-log-repository.js";
export type * from "./data/audit-log-repository.js";
export { createPartnersRepository } from "./data/access/partners-repository.js";
export type * from "./data/access/partners-repository.js";
export { createClientCredentialRepository } from "./data/credentials/client-credentials-repository.js";
export type * from "./data/credentials/client-credentials-repository.js";
export { createEntriesRepository } from "./data/entries/entries-repository.js";
export type * from "./data/entries/entries-repository.js";
export { createUsageRepository } from "./data/usage/usage-repository.js";
export { createWebhookEndpointsRepository } from "./data/webhooks/webhook-endpoints-repository.js";
export {
  COLLECTIONS,
  WEBHOOK_RETENTION_MS,
  clientCredentialConverter,
  collectionPath,
  documentPath,
  entryConverter,
  entryFrom,
  entryVersionConverter,
  expiresAtFor,
  externalIdClaim,
  idempotencyRecordConverter,
  partnerDocument,
  partnerFrom,
  revocationDocument,
  statusOf,
  webhookDeliveryConverter,
  webhookEndpointsConverter,
  webhookEventConverter,
} from "./data/model.js";
export type * from "./data/model.js";
export {
  TOKEN_SCOPES_CLAIM,
  tokenScopesOf,
  MAX_CLAIMS_JSON_BYTES,
  PARTNER_CLAIM_KEYS,
  RESERVED_CLAIM_NAMES,
  SCOPES,
  claimsProblem,
  mergePartnerClaims,
  partnerClaimsSchema,
  partnerIdSchema,
  scopeSchema,
  withoutPartnerClaims,
} from "./domain/access/partner-claims.js";
export type * from "./domain/access/partner-claims.js";
export type * from "./domain/access/ports.js";
export type * from "./domain/audit-log.js";
export { validSecretHashes, viewOf } from "./domain/credentials/client-credentials.js";
export type * from "./domain/credentials/client-credentials.js";
export type * from "./domain/credentials/ports.js";
export {
  CLIENT_ID_PREFIX,
  CLIENT_SECRET_PATTERN,
  CLIENT_SECRET_PREFIX,
  hashSecret,
  isClientId,
  isWellFormedSecret,
  newClientId,
  newClientSecret,
  secretMatchesAny,
} from "./domain/credentials/client-secret.js";
export type * from "./domain/credentials/client-secret.js";
export {
  ENTRY_STATUSES,
  ENTRY_TYPES,
  MAX_AMOUNT_MINOR,
  createEntrySchema,
  entryPageSchema,
  entrySchema,
  listEntriesQuerySchema,
  meSchema,
  updateEntrySchema,
} from "./domain/entries/entry-schema.js";
export type * from "./domain/entries/entry-schema.js";
export { MAX_DOCUMENT_ID_BYTES, isDocumentId } from "./domain/entries/document-id.js";
export {
  MAX_PAGE_TOKEN_LENGTH,
  cursorAt,
  decodePageToken,
  decodeVersionPageToken,
  encodePageToken,
  encodeVersionPageToken,
  newestFirst,
} from "./domain/page-token.js";
export type * from "./domain/page-token.js";
export {
  MAX_TIMESTAMP_SECONDS,
  MIN_TIMESTAMP_SECONDS,
  isStorableInstant,
  timestampParts,
} from "./domain/timestamp-range.js";
export type * from "./domain/timestamp-range.js";
export { ApiError, ERROR_CODES, assert, unauthenticated } from "./errors.js";
export type * from "./errors.js";
export { GRPC_STATUS, firebaseErrorCode, firebaseErrorKind, isTransient } from "./firebase-errors.js";
export type * from "./firebase-errors.js";
export { addCounts, emptyCounts } from "./domain/usage/ports.js";
export type * from "./domain/usage/ports.js";
export { usageDays, usageRange } from "./domain/usage/usage-report.js";
export {
  DEFAULT_USAGE_DAYS,
  MAX_USAGE_DAYS,
  STATUS_CLASSES,
  usageQuerySchema,
} from "./domain/usage/usage-schema.js";
export type * from "./domain/usage/usage-schema.js";
export type * from "./domain/webhooks/ports.js";
