import { authorizeWrites, type WriteAccess } from "../rules/access-control.js";
import type { Caller } from "../caller.js";
import { toTimestamp, type Micros } from "./clock.js";
import { beginTransaction as begin, type EmulatorContext } from "../context.js";
import { checkWriteCount } from "./document-limits.js";
import type { StoredDocument } from "./document-store.js";
import { FirestoreError, assertArgument, invalidArgument } from "../errors.js";
import { documentPath, parseDatabase, parseDocumentName, writeLockKeys } from "./resource-names.js";
import type { Transaction } from "./transactions.js";
import type { TransactionOptions, Write, WriteResult } from "../types.js";
import { applyWrite, writeTarget } from "./writes.js";

// The write RPCs and transaction lifecycle. Every commit is applied synchronously after its locks are
// held, so in this single-threaded server a commit is atomic and commit times follow commit order.

/** Checks that every write targets `database`; returns their full document names. */
function targets(database: string, writes: readonly Write[]): string[] {
  checkWriteCount(writes.length);
  return writes.map((write) => {
    const name = writeTarget(write);
    assertArgument(
      parseDocumentName(name).database === database,
      `Document ${name} is not in database ${database}.`,
    );
    return name;
  });
}

/** A batch whose writes were applied in memory and judged, ready to store. */
interface PreparedBatch {
  readonly commitTime: Micros;
  readonly pending: ReadonlyMap<string, StoredDocument | null>;
  readonly changed: ReadonlySet<string>;
  readonly writeResults: WriteResult[];
}

/**
 * Applies writes in memory at a fresh commit time, enforcing preconditions; writes to the same document
 * apply in order, each seeing the previous one. The caller's rules then judge the whole batch. Nothing
 * is stored yet, so a failure anywhere leaves everything as it was.
 */
function prepareBatch(
  ctx: EmulatorContext,
  database: string,
  writes: readonly Write[],
  caller: Caller,
): PreparedBatch {
  const state = ctx.store.database(database);
  const commitTime: Micros = ctx.store.clock.next();
  const pending = new Map<string, StoredDocument | null>();
  const changed = new Set<string>();
  const accesses: WriteAccess[] = [];
  const writeResults: WriteResult[] = writes.map((write) => {
    const path = documentPath(parseDocumentName(writeTarget(write)));
    const afterEarlierWrite = pending.has(path);
    const current = afterEarlierWrite ? (pending.get(path) ?? null) : state.get(path, commitTime);
    const applied = applyWrite(write, current, commitTime, afterEarlierWrite);
    pending.set(path, applied.doc);
    if (applied.changed) changed.add(path);
    const kind = write.verify !== undefined ? "verify" : write.delete !== undefined ? "delete" : "write";
    accesses.push({ path, kind, before: current, after: applied.doc });
    return applied.result;
  });
  authorizeWrites(ctx.rules, caller, state, database, accesses, pending, commitTime);
  return { commitTime, pending, changed, writeResults };
}

/** Stores a prepared batch atomically (synchronously) and tells listeners. */
function storeBatch(ctx: EmulatorContext, database: string, batch: PreparedBatch) {
  const state = ctx.store.database(database);
  const changes = [...batch.changed].map((path) => ({
    path,
    before: state.get(path, batch.commitTime),
    after: batch.pending.get(path) ?? null,
  }));
  for (const { path, after } of changes) state.put(path, after, batch.commitTime);
  if (changes.length > 0) ctx.store.notifyCommit({ database, time: batch.commitTime, changes });
  return { writeResults: batch.writeResults, commitTime: toTimestamp(batch.commitTime) };
}

/**
 * Applies writes outside any transaction as one atomic batch: all of them or none. Only an allowed
 * batch wins over transactions holding its documents (they abort and retry).
 */
export function applyBatch(ctx: EmulatorContext, database: string, writes: readonly Write[], caller: Caller) {
  const names = targets(database, writes);
  const batch = prepareBatch(ctx, database, writes, caller);
  ctx.transactions.breakLocks(names.flatMap(writeLockKeys));
  return storeBatch(ctx, database, batch);
}

interface CommitRequest {
  database?: string;
  writes?: Write[];
  transaction?: Uint8Array;
}

/**
 * Commit: inside a read-write transaction, after taking the locks of every written document and of the
 * queries over its collection; outside one, the write wins over transactions holding those locks (they
 * abort and retry).
 */
export async function commit(ctx: EmulatorContext, request: CommitRequest, caller: Caller) {
  const database = parseDatabase(request.database ?? "");
  const writes = request.writes ?? [];
  if (request.transaction === undefined || request.transaction.length === 0) {
    return applyBatch(ctx, database, writes, caller);
  }
  const names = targets(database, writes);
  const transaction = ctx.transactions.get(request.transaction, database);
  try {
    assertArgument(
      !transaction.readOnly || writes.length === 0,
      "Cannot modify entities in a read-only transaction.",
    );
    await ctx.transactions.lockAll(transaction, new Set(names.flatMap(writeLockKeys)));
    return storeBatch(ctx, database, prepareBatch(ctx, database, writes, caller));
  } finally {
    ctx.transactions.finish(transaction);
  }
}

interface BatchWriteRequest {
  database?: string;
  writes?: Write[];
}

/** BatchWrite: each write applied on its own (not atomically), with a status per write. */
export function batchWrite(ctx: EmulatorContext, request: BatchWriteRequest, caller: Caller) {
  const database = parseDatabase(request.database ?? "");
  const writes = request.writes ?? [];
  checkWriteCount(writes.length);
  const writeResults: WriteResult[] = [];
  const status: { code: number; message?: string }[] = [];
  writes.forEach((write) => {
    try {
      writeResults.push(applyBatch(ctx, database, [write], caller).writeResults[0] as WriteResult);
      status.push({ code: 0 });
    } catch (error) {
      if (!(error instanceof FirestoreError)) throw error;
      writeResults.push({ transformResults: [] });
      status.push({ code: error.code, message: error.message });
    }
  });
  return { writeResults, status };
}

/** BeginTransaction: a new read-only or read-write transaction. */
export function beginTransaction(
  ctx: EmulatorContext,
  request: { database?: string; options?: TransactionOptions },
) {
  const database = parseDatabase(request.database ?? "");
  const transaction: Transaction = begin(ctx, database, request.options);
  return { transaction: Buffer.from(transaction.id, "hex") };
}

/** Rollback: ends the transaction and frees its locks; rolling back an aborted or finished one is not an error. */
export function rollback(ctx: EmulatorContext, request: { database?: string; transaction?: Uint8Array }) {
  const database = parseDatabase(request.database ?? "");
  if (request.transaction === undefined || request.transaction.length === 0)
    throw invalidArgument("Missing transaction.");
  ctx.transactions.rollback(request.transaction, database);
  return {};
}
