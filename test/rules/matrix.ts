import { serviceOf, type MatrixCase } from "./operations.js";
import { listenerAndTransactionCases } from "./matrix-listeners-transactions.js";
import { narrowedTokenCases } from "./matrix-narrowed-tokens.js";
import { readCases } from "./matrix-reads.js";
import { revocationCases } from "./matrix-revocation.js";
import { storageCases } from "./matrix-storage.js";
import { webhookCases } from "./matrix-webhooks.js";
import { writeCases } from "./matrix-writes.js";

/**
 * The access matrix: actors × operations × paths × data → allow or deny, written once and judged by
 * every backend. Each row names the behaviour it pins; paths are relative to the database root
 * (Firestore) or the bucket (Storage). Every case starts from the world of world.ts.
 */
export const matrix: readonly MatrixCase[] = [
  ...readCases,
  ...writeCases,
  ...storageCases,
  ...revocationCases,
  ...narrowedTokenCases,
  ...listenerAndTransactionCases,
  ...webhookCases,
];

/** The rows one service's emulator judges. */
export const casesFor = (service: "firestore" | "storage"): readonly MatrixCase[] =>
  matrix.filter((row) => serviceOf(row.op) === service);
