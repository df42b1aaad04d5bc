// The in-process harness and the in-memory twins, for the scripts' and the packages' tests
// (`partner-api-functions/testing`). Never deployed: tsconfig.json leaves testing/ and the twins out.
// Values are re-exported by name, as in ../shared.ts.

export { createInMemoryPartners } from "../data/access/in-memory-partners.js";
export type * from "../data/access/in-memory-partners.js";
export { createInMemoryClientCredentials } from "../data/credentials/in-memory-client-credentials.js";
export type * from "../data/credentials/in-memory-client-credentials.js";
export { createInMemoryAuditLog } from "../data/in-memory-audit-log.js";
export type * from "../data/in-memory-audit-log.js";
export { createInMemoryUsage } from "../data/usage/in-memory-usage.js";
export { createInMemoryWebhookEndpoints } from "../data/webhooks/in-memory-webhook-endpoints.js";
export { ENTRY_INPUT, anEntry } from "./entry-fixtures.js";
export type * from "./entry-fixtures.js";
export { createInProcessApi } from "./in-process-api.js";
export type * from "./in-process-api.js";
export { assertLedgerPromises, checkListing, emptyModel, ledgerCommands } from "./ledger-model.js";
export type * from "./ledger-model.js";
export { anyString, everyRoute, fuzzEveryRoute, percentEncode } from "./openapi-fuzz.js";
export type * from "./openapi-fuzz.js";
