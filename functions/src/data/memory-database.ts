import { GRPC_STATUS } from "../firebase-errors.js";

/**
 * The engine of the in-memory repositories: documents by path with Firestore's transaction semantics,
 * so fast tests see what production would. Written by hand because no library models Firestore's
 * transactions (an emulator does, but needs a server); what it keeps of Firestore:
 * - a transaction's reads come before its writes, and its writes commit atomically or not at all;
 * - transactions are serializable: a commit whose reads another commit has changed meanwhile is
 *   ABORTED and the work runs again, up to five attempts, as the server SDKs retry (without their
 *   backoff pauses: a turn of the event loop lets the winner finish);
 * - `create` of an existing document fails the commit with ALREADY_EXISTS, which is not retried;
 * - `undefined` is not a storable value; reads return copies, never the stored objects.
 */
export interface MemoryDatabase {
  /** The document at `path` (a copy), or null. */
  get<T>(path: string): T | null;
  /** The documents directly inside a collection, with their ids (copies). */
  list<T>(collectionPath: string): { id: string; data: T }[];
  /** Writes a document outside any transaction, as a plain `set` would. */
  set(path: string, data: object): void;
  /** Merges fields into an existing document; fails with NOT_FOUND when there is none, as `update` does. */
  update(path: string, fields: object): void;
  runTransaction<R>(work: (tx: MemoryTransaction) => Promise<R>): Promise<R>;
}

export interface MemoryTransaction {
  get<T>(path: string): Promise<T | null>;
  create(path: string, data: object): void;
  set(path: string, data: object): void;
  /** Merges fields into the document at commit; the commit fails with NOT_FOUND when there is none. */
  update(path: string, fields: object): void;
}

/** The server SDKs' default number of attempts for one transaction. */
export const MAX_TRANSACTION_ATTEMPTS = 5;

// The codes the server SDKs retry a transaction on (@google-cloud/firestore isRetryableTransactionError).
const RETRYABLE_CODES: ReadonlySet<unknown> = new Set([1, 2, 4, 8, 10, 13, 14, 16]);

interface StoredDocument {
  data: object;
  /** Bumped by every write, so a commit can tell whether what it read is still current. */
  version: number;
}

type Write = { kind: "create" | "set" | "update"; path: string; data: object };

/** A new, empty in-memory database. */
export function createMemoryDatabase(): MemoryDatabase {
  const documents = new Map<string, StoredDocument>();
  let writes = 0;

  const write = (path: string, data: object) => {
    documents.set(path, { data: storable(data, path), version: ++writes });
  };

  function commit(reads: Map<string, number>, pending: Write[]): void {
    for (const [path, version] of reads) {
      if ((documents.get(path)?.version ?? 0) !== version) {
        throw firestoreError(GRPC_STATUS.ABORTED, `Transaction lost a race on ${path}; retry.`);
      }
    }
    for (const { kind, path } of pending) {
      if (kind === "create" && documents.has(path)) {
        throw firestoreError(GRPC_STATUS.ALREADY_EXISTS, `Document already exists: ${path}`);
      }
      if (kind === "update" && !documents.has(path)) {
        throw firestoreError(GRPC_STATUS.NOT_FOUND, `No document to update: ${path}`);
      }
    }
    for (const { kind, path, data } of pending) {
      write(path, kind === "update" ? { ...documents.get(path)?.data, ...data } : data);
    }
  }

  async function attempt<R>(work: (tx: MemoryTransaction) => Promise<R>): Promise<R> {
    const reads = new Map<string, number>();
    const pending: Write[] = [];
    const tx: MemoryTransaction = {
      async get<T>(path: string) {
        if (pending.length > 0) {
          throw new Error("Firestore transactions require all reads to be executed before all writes.");
        }
        // A turn of the microtask queue, as a network read would take, so transactions interleave.
        await Promise.resolve();
        const found = documents.get(path);
        reads.set(path, found?.version ?? 0);
        return found ? (structuredClone(found.data) as T) : null;
      },
      create(path, data) {
        pending.push({ kind: "create", path, data: storable(data, path) });
      },
      set(path, data) {
        pending.push({ kind: "set", path, data: storable(data, path) });
      },
      update(path, fields) {
        pending.push({ kind: "update", path, data: storable(fields, path) });
      },
    };
    const result = await work(tx);
    commit(reads, pending);
    return result;
  }

  return {
    get<T>(path: string) {
      const found = documents.get(path);
      return found ? (structuredClone(found.data) as T) : null;
    },
    list<T>(collectionPath: string) {
      const prefix = `${collectionPath}/`;
      return [...documents]
        .filter(([path]) => path.startsWith(prefix) && !path.slice(prefix.length).includes("/"))
        .map(([path, { data }]) => ({ id: path.slice(prefix.length), data: structuredClone(data) as T }));
    },
    set: write,
    update(path, fields) {
      const found = documents.get(path);
      if (!found) throw firestoreError(GRPC_STATUS.NOT_FOUND, `No document to update: ${path}`);
      write(path, { ...found.data, ...fields });
    },
    async runTransaction(work) {
      for (let attemptNumber = 1; ; attemptNumber++) {
        try {
          return await attempt(work);
        } catch (error) {
          const code = (error as { code?: unknown } | null)?.code;
          if (attemptNumber >= MAX_TRANSACTION_ATTEMPTS || !RETRYABLE_CODES.has(code)) throw error;
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
    },
  };
}

/** An error shaped as the server SDKs report a failed RPC: the gRPC status number in `code`. */
function firestoreError(code: number, message: string): Error {
  return Object.assign(new Error(`${code} ${message}`), { code });
}

/** A copy of `data` for storage; refuses `undefined` anywhere inside, as Firestore does. */
function storable(data: object, path: string): object {
  const check = (value: unknown, field: string): void => {
    if (value === undefined) {
      throw new Error(`Cannot use "undefined" as a Firestore value (found in field "${field}" of ${path}).`);
    }
    if (value !== null && typeof value === "object") {
      for (const [key, item] of Object.entries(value)) check(item, field ? `${field}.${key}` : key);
    }
  };
  check(data, "");
  return structuredClone(data);
}
