// The in-process harness and the in-memory twins, for the scripts' and the packages' tests
// (`partner-api-functions/testing`). Never deployed: tsconfig.json leaves testing/ and the twins out.

export * from "../data/access/in-memory-partners.js";
export * from "../data/credentials/in-memory-client-credentials.js";
export * from "../data/in-memory-audit-log.js";
export * from "./entry-fixtures.js";
export * from "./in-process-api.js";
