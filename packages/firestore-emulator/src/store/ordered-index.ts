import { createRequire } from "node:module";
import type { StoredDocument } from "./document-store.js";
import { getField, parseFieldPath } from "./field-paths.js";
import { documentName } from "./resource-names.js";
import type { Value } from "../types.js";
import { compareValues } from "./values.js";

// sorted-btree is CommonJS with its class on `exports.default`; Node's ESM import and Vite's interop
// disagree on where that lands, so it is required the CommonJS way in both.
const { default: BTree } = createRequire(import.meta.url)("sorted-btree") as typeof import("sorted-btree");

const NAME = "__name__";

/** One ordering of a query: a field path and its direction. */
export interface Ordering {
  readonly fieldPath: string;
  readonly descending: boolean;
}

/**
 * An index key: the document's values for each ordering (the last is always its name, so keys are
 * unique). A probe is a prefix of values with `bound` saying whether it sorts before or after every key
 * that shares the prefix, which is how cursors (startAt, startAfter, endBefore, endAt) seek.
 */
export interface IndexKey {
  readonly values: readonly Value[];
  readonly bound?: "before" | "after";
}

/** The key order of `orders`: values compared per field in its direction, a probe before or after its prefix. */
export function keyComparator(orders: readonly Ordering[]): (a: IndexKey, b: IndexKey) => number {
  return (a, b) => {
    const length = Math.min(a.values.length, b.values.length);
    for (let i = 0; i < length; i++) {
      const c = compareValues(a.values[i] as Value, b.values[i] as Value);
      if (c !== 0) return (orders[i] as Ordering).descending ? -c : c;
    }
    if (a.values.length === b.values.length) return boundRank(a) - boundRank(b);
    // A shorter probe stands before (or after) every longer key that starts with its values.
    return a.values.length < b.values.length ? boundRank(a) || -1 : -(boundRank(b) || -1);
  };
}

const boundRank = (key: IndexKey) => (key.bound === "before" ? -1 : key.bound === "after" ? 1 : 0);

/**
 * The live documents of one collection sorted by one query ordering (a B+ tree keyed by the ordered
 * values), kept up to date on every write: a query page seeks its start in O(log N) and reads on in
 * order, instead of sorting the whole collection. Documents lacking an ordered field are not in it, as
 * in a Firestore index.
 */
export class OrderedIndex {
  private readonly tree;
  private readonly paths: string[][];

  constructor(
    private readonly database: string,
    readonly orders: readonly Ordering[],
    documents: Iterable<StoredDocument>,
  ) {
    this.paths = orders.map((order) => (order.fieldPath === NAME ? [] : parseFieldPath(order.fieldPath)));
    this.tree = new BTree<IndexKey, StoredDocument>(undefined, keyComparator(orders));
    for (const doc of documents) this.add(doc);
  }

  /** The key of a document, or undefined when it lacks an ordered field. */
  keyOf(doc: StoredDocument): IndexKey | undefined {
    const values: Value[] = [];
    for (let i = 0; i < this.orders.length; i++) {
      const value =
        (this.orders[i] as Ordering).fieldPath === NAME
          ? { referenceValue: documentName(this.database, doc.path) }
          : getField(doc.fields, this.paths[i] as string[]);
      if (value === undefined) return undefined;
      values.push(value);
    }
    return { values };
  }

  /** Replaces a document's previous version (null: it did not exist) with its next (null: deleted). */
  update(previous: StoredDocument | null, next: StoredDocument | null): void {
    const previousKey = previous === null ? undefined : this.keyOf(previous);
    if (previousKey !== undefined) this.tree.delete(previousKey);
    if (next !== null) this.add(next);
  }

  /** Documents in index order from the first whose key is at or after `from` (the start when absent). */
  *from(from?: IndexKey): Generator<{ key: IndexKey; doc: StoredDocument }> {
    for (const [key, doc] of this.tree.entries(from)) yield { key, doc };
  }

  private add(doc: StoredDocument): void {
    const key = this.keyOf(doc);
    if (key !== undefined) this.tree.set(key, doc);
  }
}
