import { CommitClock, type Micros } from "./clock.js";
import { OrderedIndex, type Ordering } from "./ordered-index.js";
import type { Fields } from "../types.js";

/** One version of a document: its fields and the times the service reports for it. */
export interface StoredDocument {
  readonly path: string;
  readonly fields: Fields;
  readonly createTime: Micros;
  readonly updateTime: Micros;
}

/** A document as of one commit; `doc` is null from a delete on. */
interface Version {
  readonly time: Micros;
  readonly doc: StoredDocument | null;
}

/**
 * How long superseded versions stay readable for `readTime` reads and read-only transactions
 * (the service keeps one hour without point-in-time recovery).
 */
const RETENTION_MICROS = 60 * 60 * 1_000_000;

/** The version of `versions` visible at `time`. */
function versionAt(versions: readonly Version[], time: Micros): StoredDocument | null {
  for (let i = versions.length - 1; i >= 0; i--) {
    const version = versions[i] as Version;
    if (version.time <= time) return version.doc;
  }
  return null;
}

/**
 * Every document of one database with its version history, grouped by collection so that collection
 * scans and collection-group scans touch only the documents they may return.
 */
export class DatabaseState {
  /** collection path (`a`, `a/b/c`) → document id → versions, oldest first. */
  private readonly collections = new Map<string, Map<string, Version[]>>();
  /** collection path → the time of its latest change: indexes hold that state, and serve reads at or after it. */
  private readonly changedAt = new Map<string, Micros>();
  /** collection path → ordering (as JSON) → index, built when a query first needs it, then kept current. */
  private readonly indexes = new Map<string, Map<string, OrderedIndex>>();

  /** @param name `projects/{p}/databases/{d}`, for document names in indexes. */
  constructor(private readonly name: string) {}

  /** The document at `path` as of `time`, or null. */
  get(path: string, time: Micros): StoredDocument | null {
    const slash = path.lastIndexOf("/");
    const versions = this.collections.get(path.slice(0, slash))?.get(path.slice(slash + 1));
    return versions === undefined ? null : versionAt(versions, time);
  }

  /** The time of the latest version of `path` (0 if it never existed): what a conflicting commit changes. */
  lastChange(path: string): Micros {
    const slash = path.lastIndexOf("/");
    const versions = this.collections.get(path.slice(0, slash))?.get(path.slice(slash + 1));
    return versions?.[versions.length - 1]?.time ?? 0;
  }

  /** Records a new version (a document, or null for a delete) at commit time `time`. */
  put(path: string, doc: StoredDocument | null, time: Micros): void {
    const slash = path.lastIndexOf("/");
    const collection = path.slice(0, slash);
    const id = path.slice(slash + 1);
    let docs = this.collections.get(collection);
    if (docs === undefined) {
      docs = new Map();
      this.collections.set(collection, docs);
    }
    const versions = docs.get(id) ?? [];
    const previous = versions[versions.length - 1]?.doc ?? null;
    for (const index of this.indexes.get(collection)?.values() ?? []) index.update(previous, doc);
    this.changedAt.set(collection, time);
    versions.push({ time, doc });
    // Drop versions no read within the retention window can see: all but the newest one before the cutoff.
    const cutoff = time - RETENTION_MICROS;
    let keepFrom = 0;
    while (keepFrom + 1 < versions.length && (versions[keepFrom + 1] as Version).time <= cutoff) keepFrom++;
    docs.set(id, keepFrom > 0 ? versions.slice(keepFrom) : versions);
  }

  /**
   * The collection's live documents ordered by `orders`, for a read at `time`; undefined when a write to
   * the collection came after `time` (an index holds only the latest state), and the caller scans.
   */
  orderedIndex(collectionPath: string, orders: readonly Ordering[], time: Micros): OrderedIndex | undefined {
    if ((this.changedAt.get(collectionPath) ?? 0) > time) return undefined;
    let byOrdering = this.indexes.get(collectionPath);
    if (byOrdering === undefined) {
      byOrdering = new Map();
      this.indexes.set(collectionPath, byOrdering);
    }
    const signature = JSON.stringify(orders);
    let index = byOrdering.get(signature);
    if (index === undefined) {
      index = new OrderedIndex(this.name, orders, this.collection(collectionPath, time));
      byOrdering.set(signature, index);
    }
    return index;
  }

  /** Live documents of one collection at `time`, in no particular order. */
  *collection(collectionPath: string, time: Micros): Generator<StoredDocument> {
    const docs = this.collections.get(collectionPath);
    if (docs === undefined) return;
    for (const versions of docs.values()) {
      const doc = versionAt(versions, time);
      if (doc !== null) yield doc;
    }
  }

  /** Live documents of every collection named `collectionId` at or below `parentPath` ("" for the root). */
  *collectionGroup(parentPath: string, collectionId: string, time: Micros): Generator<StoredDocument> {
    const prefix = parentPath === "" ? "" : `${parentPath}/`;
    for (const collectionPath of this.collections.keys()) {
      if (!collectionPath.startsWith(prefix)) continue;
      const slash = collectionPath.lastIndexOf("/");
      if (collectionPath.slice(slash + 1) === collectionId) yield* this.collection(collectionPath, time);
    }
  }

  /** Live documents in every collection below `parentPath` ("" for the root): a kindless descendant scan. */
  *descendants(parentPath: string, time: Micros): Generator<StoredDocument> {
    const prefix = parentPath === "" ? "" : `${parentPath}/`;
    for (const collectionPath of this.collections.keys()) {
      if (collectionPath.startsWith(prefix)) yield* this.collection(collectionPath, time);
    }
  }

  /** Whether any document lives at or below `collectionPath` at `time`. */
  private hasLiveDescendant(collectionPath: string, time: Micros): boolean {
    for (const [path, docs] of this.collections) {
      if (path !== collectionPath && !path.startsWith(`${collectionPath}/`)) continue;
      for (const versions of docs.values()) if (versionAt(versions, time) !== null) return true;
    }
    return false;
  }

  /** Ids of the collections directly below a document ("" for the root) that hold documents at `time`. */
  collectionIds(parentPath: string, time: Micros): string[] {
    const prefix = parentPath === "" ? "" : `${parentPath}/`;
    const ids = new Set<string>();
    for (const path of this.collections.keys()) {
      if (!path.startsWith(prefix)) continue;
      const id = path.slice(prefix.length).split("/")[0] as string;
      if (!ids.has(id) && this.hasLiveDescendant(prefix + id, time)) ids.add(id);
    }
    return [...ids];
  }

  /** Ids of documents in a collection that do not exist but have subcollections holding documents. */
  missingDocumentIds(collectionPath: string, time: Micros): string[] {
    const prefix = `${collectionPath}/`;
    const ids = new Set<string>();
    for (const path of this.collections.keys()) {
      if (!path.startsWith(prefix)) continue;
      const id = path.slice(prefix.length).split("/")[0] as string;
      if (ids.has(id) || this.get(prefix + id, time) !== null) continue;
      if (this.collectionIds(prefix + id, time).length > 0) ids.add(id);
    }
    return [...ids];
  }
}

/** One document a commit changed: its state before the commit and after it (null: absent). */
export interface DocumentChange {
  readonly path: string;
  readonly before: StoredDocument | null;
  readonly after: StoredDocument | null;
}

/** A commit, handed to listeners after it is applied: its database, time and changed documents in write order. */
export interface CommitEvent {
  readonly database: string;
  readonly time: Micros;
  readonly changes: readonly DocumentChange[];
}

/** All databases of all projects, the commit clock, and the hooks snapshot listeners attach to. */
export class DocumentStore {
  readonly clock = new CommitClock();
  private readonly databases = new Map<string, DatabaseState>();
  private readonly commitListeners = new Set<(event: CommitEvent) => void>();

  /** The state of `projects/{p}/databases/{d}`, created empty on first use. */
  database(name: string): DatabaseState {
    let state = this.databases.get(name);
    if (state === undefined) {
      state = new DatabaseState(name);
      this.databases.set(name, state);
    }
    return state;
  }

  /** Drops every document of one project, or of all projects. */
  clear(projectId?: string): void {
    for (const name of [...this.databases.keys()]) {
      if (projectId === undefined || name.startsWith(`projects/${projectId}/`)) this.databases.delete(name);
    }
  }

  /** Subscribes to applied commits; returns the unsubscribe function. */
  onCommit(listener: (event: CommitEvent) => void): () => void {
    this.commitListeners.add(listener);
    return () => this.commitListeners.delete(listener);
  }

  /** Tells listeners about an applied commit. */
  notifyCommit(event: CommitEvent): void {
    for (const listener of this.commitListeners) listener(event);
  }
}
