// What the claims CLI, the scripts and the tests share with the API: the one module they import
// (`partner-api-functions/shared`), read from source. Not part of the deployed build (tsconfig.json).

export * from "./data/audit-log-repository.js";
export * from "./data/access/partners-repository.js";
export * from "./data/credentials/client-credentials-repository.js";
export * from "./data/entries/entries-repository.js";
export * from "./data/model.js";
export * from "./domain/access/partner-claims.js";
export * from "./domain/access/ports.js";
export * from "./domain/audit-log.js";
export * from "./domain/credentials/client-credentials.js";
export * from "./domain/credentials/client-secret.js";
export * from "./domain/entries/entry-schema.js";
export * from "./domain/page-token.js";
export * from "./domain/timestamp-range.js";
export * from "./errors.js";
export * from "./firebase-errors.js";
