import { fromTimestamp, toTimestamp, type Micros } from "./store/clock.js";
import type { DocumentStore, StoredDocument } from "./store/document-store.js";
import { invalidArgument } from "./errors.js";
import { parseFieldPath, projectFields } from "./store/field-paths.js";
import type { IndexConfigurations } from "./query/index-configuration.js";
import type { ReadCounter } from "./query/read-counter.js";
import type { SecurityRules } from "./rules/security-rules.js";
import { documentName } from "./store/resource-names.js";
import type { Transaction, TransactionManager } from "./store/transactions.js";
import type { Document, DocumentMask, Timestamp, TransactionOptions } from "./types.js";

/** The state every operation works on; it outlives the network server (stop/start keeps data). */
export interface EmulatorContext {
  readonly store: DocumentStore;
  readonly transactions: TransactionManager;
  /** Document reads served, as the service would bill them. */
  readonly reads: ReadCounter;
  /** The security rules loaded per project, judging client requests. */
  readonly rules: SecurityRules;
  /** The firestore.indexes.json loaded per project: its queries must be served by those indexes. */
  readonly indexes: IndexConfigurations;
}

/** The consistency selector shared by the read RPCs. */
export interface ConsistencySelector {
  transaction?: Uint8Array;
  newTransaction?: TransactionOptions;
  readTime?: Timestamp;
}

/** How one read call sees the data: at a fixed time, or locking as a read-write transaction. */
export interface ReadScope {
  /** The read-write transaction whose locks the read must take, if any. */
  readonly lockingTransaction: Transaction | undefined;
  /** Snapshot time for reads that do not lock; ignored when locking (those read the latest data). */
  readonly time: Micros;
  /** Set when the call began a transaction: its id goes back in the first response. */
  readonly newTransactionId: Buffer | undefined;
}

/** Starts a transaction from wire options (read-only with an optional snapshot time, or read-write). */
export function beginTransaction(
  ctx: EmulatorContext,
  database: string,
  options: TransactionOptions | undefined,
): Transaction {
  if (options?.readOnly !== undefined) {
    const readTime = options.readOnly.readTime;
    return ctx.transactions.begin(database, {
      readOnly: true,
      readTime: readTime !== undefined ? fromTimestamp(readTime) : ctx.store.clock.now(),
    });
  }
  const retryOf = options?.readWrite?.retryTransaction;
  return ctx.transactions.begin(database, { readOnly: false, ...(retryOf?.length ? { retryOf } : {}) });
}

/** Resolves a read call's consistency selector to the scope it reads in. */
export function resolveReadScope(
  ctx: EmulatorContext,
  database: string,
  selector: ConsistencySelector,
): ReadScope {
  let transaction: Transaction | undefined;
  let newTransactionId: Buffer | undefined;
  if (selector.transaction !== undefined && selector.transaction.length > 0) {
    transaction = ctx.transactions.get(selector.transaction, database);
  } else if (selector.newTransaction !== undefined) {
    transaction = beginTransaction(ctx, database, selector.newTransaction);
    newTransactionId = Buffer.from(transaction.id, "hex");
  }
  if (transaction !== undefined && !transaction.readOnly) {
    return { lockingTransaction: transaction, time: ctx.store.clock.now(), newTransactionId };
  }
  let time = transaction?.readTime;
  if (time === undefined && selector.readTime !== undefined) time = fromTimestamp(selector.readTime);
  if (time !== undefined && time > ctx.store.clock.now()) throw invalidArgument("readTime is in the future.");
  return { lockingTransaction: undefined, time: time ?? ctx.store.clock.now(), newTransactionId };
}

/** Parses a read mask into field paths, or undefined for "all fields". */
export function parseMask(mask: DocumentMask | undefined): string[][] | undefined {
  return mask === undefined ? undefined : (mask.fieldPaths ?? []).map(parseFieldPath);
}

/** The wire form of a stored document, optionally projected. */
export function toWireDocument(database: string, doc: StoredDocument, mask?: string[][]): Document {
  return {
    name: documentName(database, doc.path),
    fields: mask === undefined ? doc.fields : projectFields(doc.fields, mask),
    createTime: toTimestamp(doc.createTime),
    updateTime: toTimestamp(doc.updateTime),
  };
}
