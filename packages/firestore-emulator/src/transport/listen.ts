import { authorizeGets, authorizeList } from "../rules/access-control.js";
import type { Caller } from "../caller.js";
import { toTimestamp, type Micros } from "../store/clock.js";
import { toWireDocument, type EmulatorContext } from "../context.js";
import type { CommitEvent, StoredDocument } from "../store/document-store.js";
import { assertArgument, FirestoreError } from "../errors.js";
import {
  documentName,
  documentPath,
  parseDatabase,
  parseDocumentName,
  parseName,
} from "../store/resource-names.js";
import { assertIndexed } from "../query/index-planner.js";
import { runQuery } from "../query/query-engine.js";
import { checkQuery } from "../query/query-limits.js";
import type { StructuredQuery } from "../types.js";

interface Target {
  targetId?: number;
  query?: { parent?: string; structuredQuery?: StructuredQuery };
  documents?: { documents?: string[] };
  resumeToken?: Uint8Array;
}

/** A Listen request: add or remove one target. */
export interface ListenRequest {
  database?: string;
  addTarget?: Target;
  removeTarget?: number;
}

/** What a Listen stream sends; the shapes follow ListenResponse. */
export type ListenResponse = Record<string, unknown>;

/** One watched target and the documents (path → update time) the client was last told match it. */
interface WatchedTarget {
  readonly id: number;
  readonly target: Target;
  readonly evaluate: (time: Micros) => StoredDocument[];
  readonly known: Map<string, Micros>;
}

/** Resume tokens carry the snapshot time; a resumed target is re-sent in full after a RESET. */
const resumeToken = (time: Micros) => Buffer.from(String(time));

/**
 * One Listen stream: sends each target's current documents, then, after every commit to the database,
 * the documents that entered, changed or left, followed by a global consistent-snapshot marker
 * (NO_CHANGE with no target ids and a read time), which is when the SDK raises a snapshot.
 */
export class ListenSession {
  private database: string | undefined;
  private readonly targets = new Map<number, WatchedTarget>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly ctx: EmulatorContext,
    private readonly caller: Caller,
    private readonly send: (response: ListenResponse) => void,
  ) {
    this.unsubscribe = ctx.store.onCommit((event) => this.onCommit(event));
  }

  /** Handles one client message. */
  handle(request: ListenRequest): void {
    this.database ??= parseDatabase(request.database ?? "");
    if (request.addTarget !== undefined) this.addTarget(request.addTarget);
    if (request.removeTarget !== undefined) {
      this.targets.delete(request.removeTarget);
      this.send({ targetChange: { targetChangeType: "REMOVE", targetIds: [request.removeTarget] } });
    }
  }

  /** Stops following commits (the stream ended). */
  close(): void {
    this.unsubscribe();
    this.targets.clear();
  }

  private addTarget(target: Target): void {
    const database = this.database as string;
    const id = target.targetId ?? 0;
    let evaluate: (time: Micros) => StoredDocument[];
    try {
      evaluate = this.evaluator(database, target);
      this.authorize(database, target, this.ctx.store.clock.now());
      // The index a query needs is the query's alone: checked once, not again at every commit.
      if (target.query !== undefined)
        assertIndexed(this.ctx.indexes, database, target.query.structuredQuery ?? {});
    } catch (error) {
      this.refuse(id, error);
      return;
    }
    const watched: WatchedTarget = { id, target, evaluate, known: new Map() };
    this.targets.set(id, watched);
    this.send({ targetChange: { targetChangeType: "ADD", targetIds: [id] } });
    if (target.resumeToken !== undefined && target.resumeToken.length > 0) {
      this.send({ targetChange: { targetChangeType: "RESET", targetIds: [id] } });
    }
    const time = this.ctx.store.clock.now();
    this.diff(database, watched, time);
    this.send({
      targetChange: {
        targetChangeType: "CURRENT",
        targetIds: [id],
        resumeToken: resumeToken(time),
        readTime: toTimestamp(time),
      },
    });
    this.sendSnapshotMarker(time);
  }

  /**
   * Removes a target with the error that refused it, as the service does for an invalid or denied target;
   * the stream carries on. Anything but a FirestoreError is a bug and ends the stream.
   */
  private refuse(id: number, error: unknown): void {
    if (!(error instanceof FirestoreError)) throw error;
    this.targets.delete(id);
    this.send({
      targetChange: {
        targetChangeType: "REMOVE",
        targetIds: [id],
        cause: { code: error.code, message: error.message },
      },
    });
  }

  /**
   * A document target is a `get` of each document, a query target a `list`: judged when added, and again
   * at every commit while open, so a change to what the rules read (a revocation record, a partner's
   * status) ends the listen at once instead of letting it follow data the caller may no longer read.
   */
  private authorize(database: string, target: Target, time: Micros): void {
    const state = this.ctx.store.database(database);
    if (target.query !== undefined) {
      const query = target.query.structuredQuery ?? {};
      const parentPath = documentPath(parseName(target.query.parent ?? ""));
      authorizeList(this.ctx.rules, this.caller, state, database, parentPath, query, time);
    } else {
      const paths = (target.documents?.documents ?? []).map((name) => documentPath(parseDocumentName(name)));
      authorizeGets(this.ctx.rules, this.caller, state, database, paths, time);
    }
  }

  private evaluator(database: string, target: Target): (time: Micros) => StoredDocument[] {
    const state = () => this.ctx.store.database(database);
    if (target.query !== undefined) {
      const parent = parseName(target.query.parent ?? "");
      const query = target.query.structuredQuery;
      assertArgument(parent.database === database && query, "Invalid listen target.");
      assertArgument(parent.segments.length % 2 === 0, `Invalid query parent: ${target.query.parent}`);
      checkQuery(query);
      return (time) => runQuery(state(), database, documentPath(parent), query, time);
    }
    const paths = (target.documents?.documents ?? []).map((name) => documentPath(parseDocumentName(name)));
    return (time) => paths.flatMap((path) => state().get(path, time) ?? []);
  }

  private onCommit(event: CommitEvent): void {
    if (event.database !== this.database || this.targets.size === 0) return;
    let changed = false;
    for (const target of [...this.targets.values()]) {
      try {
        this.authorize(event.database, target.target, event.time);
      } catch (error) {
        this.refuse(target.id, error);
        continue;
      }
      changed = this.diff(event.database, target, event.time) || changed;
    }
    if (changed) this.sendSnapshotMarker(event.time);
  }

  /** Sends what changed for one target since the client was last told; returns whether anything did. */
  private diff(database: string, target: WatchedTarget, time: Micros): boolean {
    const current = new Map(target.evaluate(time).map((doc) => [doc.path, doc]));
    let changed = false;
    for (const [path, doc] of current) {
      if (target.known.get(path) === doc.updateTime) continue;
      target.known.set(path, doc.updateTime);
      this.send({ documentChange: { document: toWireDocument(database, doc), targetIds: [target.id] } });
      changed = true;
    }
    for (const path of target.known.keys()) {
      if (current.has(path)) continue;
      target.known.delete(path);
      const name = documentName(database, path);
      const deleted = this.ctx.store.database(database).get(path, time) === null;
      this.send(
        deleted
          ? { documentDelete: { document: name, removedTargetIds: [target.id], readTime: toTimestamp(time) } }
          : {
              documentRemove: { document: name, removedTargetIds: [target.id], readTime: toTimestamp(time) },
            },
      );
      changed = true;
    }
    return changed;
  }

  private sendSnapshotMarker(time: Micros): void {
    this.send({
      targetChange: {
        targetChangeType: "NO_CHANGE",
        targetIds: [],
        readTime: toTimestamp(time),
        resumeToken: resumeToken(time),
      },
    });
  }
}
