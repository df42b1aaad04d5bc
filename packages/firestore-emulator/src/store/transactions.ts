import { randomBytes } from "node:crypto";
import type { Micros } from "./clock.js";
import { aborted, invalidArgument } from "../errors.js";

/**
 * Read-write transactions lock every document they read or write, as the service does for server SDKs
 * (pessimistic concurrency). Deadlocks are prevented with wound-wait: an older transaction that needs a
 * lock held by a younger one aborts ("wounds") it; a younger one waits for an older one. A retried
 * transaction keeps the age of its first attempt, so every transaction eventually becomes the oldest
 * and wins. Locks are exclusive even for reads: the read-modify-write pattern then queues instead of
 * aborting, which keeps retries (the SDK makes five attempts) rare under contention.
 */

/** How long a transaction may sit idle holding locks before it expires and its locks are freed. */
const IDLE_TIMEOUT_MS = 30_000;
/** How long a finished transaction's age is remembered for `retryTransaction`. */
const RETIRED_TTL_MS = 5 * 60_000;

type TransactionState = "active" | "aborted" | "finished";

/** A transaction as the service tracks it. */
export interface Transaction {
  readonly id: string;
  readonly database: string;
  readonly readOnly: boolean;
  /** Snapshot time of a read-only transaction; read-write transactions read the latest data. */
  readonly readTime: Micros | undefined;
  /** Lower is older; older transactions win lock conflicts. */
  readonly priority: number;
  state: TransactionState;
  abortReason: string;
  lastActive: number;
  readonly locks: Set<string>;
  /** Rejects this transaction's pending lock waits when it is wounded. */
  readonly pendingWaits: Set<(error: Error) => void>;
}

interface Waiter {
  readonly transaction: Transaction;
  readonly grant: () => void;
}

interface Lock {
  holder: Transaction;
  waiters: Waiter[];
}

/** Registry of open transactions and the document locks they hold. */
export class TransactionManager {
  private readonly transactions = new Map<string, Transaction>();
  private readonly locks = new Map<string, Lock>();
  private nextPriority = 0;
  private sweeper: NodeJS.Timeout | undefined;

  /** Starts expiring idle transactions; runs while the server does. */
  startSweeping(): void {
    this.sweeper ??= setInterval(() => this.sweep(), 5_000).unref();
  }

  /** Starts a transaction; `retryOf` (the previous attempt's id) keeps its age. */
  begin(
    database: string,
    options: { readOnly: boolean; readTime?: Micros; retryOf?: Uint8Array },
  ): Transaction {
    const previous = options.retryOf
      ? this.transactions.get(Buffer.from(options.retryOf).toString("hex"))
      : undefined;
    if (previous !== undefined && previous.state === "active") this.finish(previous);
    const transaction: Transaction = {
      id: randomBytes(12).toString("hex"),
      database,
      readOnly: options.readOnly,
      readTime: options.readTime,
      priority: previous?.priority ?? this.nextPriority++,
      state: "active",
      abortReason: "",
      lastActive: Date.now(),
      locks: new Set(),
      pendingWaits: new Set(),
    };
    this.transactions.set(transaction.id, transaction);
    return transaction;
  }

  /** Looks up an open transaction by its wire id; ABORTED if it was wounded or expired. */
  get(id: Uint8Array, database: string): Transaction {
    const transaction = this.transactions.get(Buffer.from(id).toString("hex"));
    if (transaction === undefined || transaction.database !== database) {
      throw invalidArgument("Invalid transaction.");
    }
    this.ensureActive(transaction);
    transaction.lastActive = Date.now();
    return transaction;
  }

  /** Ends a transaction at the client's request, whatever state it is in. */
  rollback(id: Uint8Array, database: string): void {
    const transaction = this.transactions.get(Buffer.from(id).toString("hex"));
    if (transaction === undefined || transaction.database !== database)
      throw invalidArgument("Invalid transaction.");
    this.finish(transaction);
  }

  private ensureActive(transaction: Transaction): void {
    if (transaction.state === "aborted") throw aborted(transaction.abortReason);
    if (transaction.state === "finished") throw invalidArgument("The transaction has already finished.");
  }

  /**
   * Acquires the locks on `keys` (full document names) for a read-write transaction, waiting for older
   * holders and wounding younger ones. Resolves true if it had to wait (the caller's data may be stale).
   */
  async lockAll(transaction: Transaction, keys: Iterable<string>): Promise<boolean> {
    let waited = false;
    for (const key of keys) {
      while (!transaction.locks.has(key)) {
        this.ensureActive(transaction);
        const lock = this.locks.get(key);
        if (lock === undefined) {
          this.locks.set(key, { holder: transaction, waiters: [] });
          transaction.locks.add(key);
        } else if (transaction.priority < lock.holder.priority) {
          // Wounding hands the lock to the next waiter, which may be younger still: loop until it is ours.
          this.wound(lock.holder, "Transaction lock wounded by an older transaction; retry it.");
        } else {
          waited = true;
          await this.wait(transaction, lock);
        }
      }
    }
    this.ensureActive(transaction);
    transaction.lastActive = Date.now();
    return waited;
  }

  /** A write outside any transaction wins over transactions holding its documents: they abort and retry. */
  breakLocks(keys: Iterable<string>): void {
    for (const key of keys) {
      const lock = this.locks.get(key);
      if (lock !== undefined) {
        this.wound(lock.holder, "Transaction aborted by a concurrent write to a document it read; retry it.");
      }
    }
  }

  /** Ends a transaction (committed or rolled back) and hands its locks on. */
  finish(transaction: Transaction): void {
    if (transaction.state === "active") transaction.state = "finished";
    this.releaseAll(transaction);
  }

  /** Aborts every open transaction of a project (or of all): its data was cleared, or the server stopped. */
  abortAll(reason: string, projectId?: string): void {
    for (const transaction of this.transactions.values()) {
      if (projectId === undefined || transaction.database.startsWith(`projects/${projectId}/`)) {
        this.wound(transaction, reason);
      }
    }
  }

  private wait(transaction: Transaction, lock: Lock): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        transaction,
        grant: () => {
          transaction.pendingWaits.delete(reject);
          resolve();
        },
      };
      transaction.pendingWaits.add(reject);
      // Waiters queue oldest first, so a released lock goes to the transaction that must win anyway.
      const index = lock.waiters.findIndex((w) => w.transaction.priority > transaction.priority);
      lock.waiters.splice(index === -1 ? lock.waiters.length : index, 0, waiter);
    });
  }

  private wound(transaction: Transaction, reason: string): void {
    if (transaction.state !== "active") return;
    transaction.state = "aborted";
    transaction.abortReason = reason;
    for (const reject of transaction.pendingWaits) reject(aborted(reason));
    transaction.pendingWaits.clear();
    this.releaseAll(transaction);
  }

  private releaseAll(transaction: Transaction): void {
    for (const key of transaction.locks) {
      const lock = this.locks.get(key);
      if (lock === undefined || lock.holder !== transaction) continue;
      let next = lock.waiters.shift();
      while (next !== undefined && next.transaction.state !== "active") next = lock.waiters.shift();
      if (next === undefined) {
        this.locks.delete(key);
      } else {
        lock.holder = next.transaction;
        next.transaction.locks.add(key);
        next.grant();
      }
    }
    transaction.locks.clear();
    // A transaction that ends while queued must leave the queues too.
    for (const lock of this.locks.values()) {
      if (lock.waiters.some((w) => w.transaction === transaction)) {
        lock.waiters = lock.waiters.filter((w) => w.transaction !== transaction);
      }
    }
  }

  /** Expires idle transactions (a client that went away must not hold locks forever) and forgets old ones. */
  private sweep(): void {
    const now = Date.now();
    for (const [id, transaction] of this.transactions) {
      if (transaction.state === "active") {
        if (transaction.pendingWaits.size === 0 && now - transaction.lastActive > IDLE_TIMEOUT_MS) {
          this.wound(transaction, "Transaction expired after being idle; retry it.");
        }
      } else if (now - transaction.lastActive > RETIRED_TTL_MS) {
        this.transactions.delete(id);
      }
    }
  }

  /** Stops expiring transactions (the server stopped and aborted them all). */
  stopSweeping(): void {
    clearInterval(this.sweeper);
    this.sweeper = undefined;
  }
}
