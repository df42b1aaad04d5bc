import { authorizeGets, authorizeList, authorizePrivileged } from "../rules/access-control.js";
import type { Caller } from "../caller.js";
import { toTimestamp, type Micros } from "../store/clock.js";
import type { StoredDocument } from "../store/document-store.js";
import {
  parseMask,
  resolveReadScope,
  toWireDocument,
  type ConsistencySelector,
  type EmulatorContext,
  type ReadScope,
} from "../context.js";
import { assertArgument } from "../errors.js";
import {
  documentName,
  documentPath,
  parseDatabase,
  parseDocumentName,
  parseName,
  queryLockKey,
} from "../store/resource-names.js";
import { assertIndexed } from "./index-planner.js";
import { runQuery } from "./query-engine.js";
import { checkAggregations, checkQuery } from "./query-limits.js";
import { aggregate } from "./aggregations.js";
import type { Aggregation, Document, DocumentMask, StructuredQuery, Timestamp, Value } from "../types.js";
import { compareStrings } from "../store/values.js";

// The read RPCs, as functions of the emulator state and the decoded request that return the responses
// to stream back. Read-write transactions lock what they read (see transactions.ts).

interface BatchGetRequest extends ConsistencySelector {
  database?: string;
  documents?: string[];
  mask?: DocumentMask;
}

interface BatchGetResponse {
  found?: Document;
  missing?: string;
  readTime: Timestamp;
  transaction?: Buffer;
}

/** BatchGetDocuments: each named document, found or missing, in request order. */
export async function batchGetDocuments(
  ctx: EmulatorContext,
  request: BatchGetRequest,
  caller: Caller,
): Promise<BatchGetResponse[]> {
  const database = parseDatabase(request.database ?? "");
  const names = request.documents ?? [];
  const paths = names.map((name) => {
    const parsed = parseDocumentName(name);
    assertArgument(parsed.database === database, `Document ${name} is not in database ${database}.`);
    return documentPath(parsed);
  });
  const scope = resolveReadScope(ctx, database, request);
  const time = await lockedReadTime(ctx, scope, names);
  const state = ctx.store.database(database);
  authorizeGets(ctx.rules, caller, state, database, paths, time);
  const mask = parseMask(request.mask);
  // The service bills a get of a missing document as a read too.
  ctx.reads.add(database, paths.length);
  const responses = paths.map((path, i): BatchGetResponse => {
    const doc = state.get(path, time);
    const readTime = toTimestamp(time);
    return doc === null
      ? { missing: names[i] as string, readTime }
      : { found: toWireDocument(database, doc, mask), readTime };
  });
  return withTransactionId(responses, scope, { readTime: toTimestamp(time) });
}

/** Takes a read-write transaction's locks on `names`, then gives the time to read the latest data at. */
async function lockedReadTime(
  ctx: EmulatorContext,
  scope: ReadScope,
  names: readonly string[],
): Promise<Micros> {
  if (scope.lockingTransaction === undefined) return scope.time;
  await ctx.transactions.lockAll(scope.lockingTransaction, names);
  return ctx.store.clock.now();
}

/** Puts a newly begun transaction's id on the first response (adding one if there are none). */
function withTransactionId<T extends { transaction?: Buffer }>(
  responses: T[],
  scope: ReadScope,
  empty: T,
): T[] {
  if (scope.newTransactionId === undefined) return responses.length > 0 ? responses : [empty];
  const first = responses[0] ?? empty;
  return [{ ...first, transaction: scope.newTransactionId }, ...responses.slice(1)];
}

interface RunQueryRequest extends ConsistencySelector {
  parent?: string;
  structuredQuery?: StructuredQuery;
}

interface RunQueryResponse {
  document?: Document;
  readTime: Timestamp;
  transaction?: Buffer;
}

/** Parses a query parent: the database root or a document. */
function queryParent(parent: string): { database: string; parentPath: string } {
  const parsed = parseName(parent);
  assertArgument(parsed.segments.length % 2 === 0, `Invalid query parent: ${parent}`);
  return { database: parsed.database, parentPath: documentPath(parsed) };
}

/**
 * Runs a query in a read scope. In a read-write transaction the query's range and its results are locked;
 * if taking a lock had to wait, the data may have moved, so the query runs again until all are held.
 */
async function queryInScope(
  ctx: EmulatorContext,
  scope: ReadScope,
  database: string,
  parentPath: string,
  query: StructuredQuery,
): Promise<{ docs: StoredDocument[]; time: Micros }> {
  const state = () => ctx.store.database(database);
  if (scope.lockingTransaction === undefined) {
    return { docs: runQuery(state(), database, parentPath, query, scope.time), time: scope.time };
  }
  // Kindless queries (recursive deletes) take no range lock: no write could name their collection id.
  const collectionId = query.from?.[0]?.collectionId;
  const rangeLock = collectionId ? [queryLockKey(database, collectionId)] : [];
  for (;;) {
    const time = ctx.store.clock.now();
    const docs = runQuery(state(), database, parentPath, query, time);
    const waited = await ctx.transactions.lockAll(scope.lockingTransaction, [
      ...rangeLock,
      ...docs.map((doc) => documentName(database, doc.path)),
    ]);
    if (!waited) return { docs, time };
  }
}

/** RunQuery: the matching documents, projected by the query's select. */
export async function runQueryRequest(
  ctx: EmulatorContext,
  request: RunQueryRequest,
  caller: Caller,
): Promise<RunQueryResponse[]> {
  const { database, parentPath } = queryParent(request.parent ?? "");
  const query = request.structuredQuery;
  assertArgument(query, "RunQuery needs a structured query.");
  checkQuery(query);
  const scope = resolveReadScope(ctx, database, request);
  authorizeList(ctx.rules, caller, ctx.store.database(database), database, parentPath, query, scope.time);
  assertIndexed(ctx.indexes, database, query);
  const { docs, time } = await queryInScope(ctx, scope, database, parentPath, query);
  ctx.reads.add(database, Math.max(1, docs.length));
  const mask = query.select === undefined ? undefined : parseMask({ fieldPaths: selectPaths(query) });
  const readTime = toTimestamp(time);
  const responses = docs.map((doc) => ({ document: toWireDocument(database, doc, mask), readTime }));
  return withTransactionId<RunQueryResponse>(responses, scope, { readTime });
}

/** A select of only `__name__` returns documents without fields. */
function selectPaths(query: StructuredQuery): string[] {
  return (query.select?.fields ?? []).map((f) => f.fieldPath ?? "").filter((path) => path !== "__name__");
}

interface AggregationRequest extends ConsistencySelector {
  parent?: string;
  structuredAggregationQuery?: { structuredQuery?: StructuredQuery; aggregations?: Aggregation[] };
}

interface AggregationResponse {
  result?: { aggregateFields: Record<string, Value> };
  readTime: Timestamp;
  transaction?: Buffer;
}

/** RunAggregationQuery: count, sum and avg over the query's results (limit and cursors included). */
export async function runAggregationQuery(
  ctx: EmulatorContext,
  request: AggregationRequest,
  caller: Caller,
): Promise<AggregationResponse[]> {
  const { database, parentPath } = queryParent(request.parent ?? "");
  const query = request.structuredAggregationQuery?.structuredQuery;
  assertArgument(query, "RunAggregationQuery needs a structured query.");
  checkQuery(query);
  checkAggregations(request.structuredAggregationQuery?.aggregations ?? []);
  const scope = resolveReadScope(ctx, database, request);
  authorizeList(ctx.rules, caller, ctx.store.database(database), database, parentPath, query, scope.time);
  assertIndexed(ctx.indexes, database, query, request.structuredAggregationQuery?.aggregations);
  const { docs, time } = await queryInScope(ctx, scope, database, parentPath, query);
  ctx.reads.add(database, Math.max(1, Math.ceil(docs.length / 1000)));
  const aggregateFields = aggregate(docs, request.structuredAggregationQuery?.aggregations ?? []);
  return withTransactionId<AggregationResponse>(
    [{ result: { aggregateFields }, readTime: toTimestamp(time) }],
    scope,
    {
      readTime: toTimestamp(time),
    },
  );
}

interface ListDocumentsRequest extends ConsistencySelector {
  parent?: string;
  collectionId?: string;
  pageSize?: number;
  pageToken?: string;
  mask?: DocumentMask;
  showMissing?: boolean;
}

/** Pages are keyed by the last id returned, so concurrent writes never make a page repeat or skip. */
function paginate(ids: string[], pageSize: number | undefined, pageToken: string | undefined) {
  const after = pageToken ? Buffer.from(pageToken, "base64url").toString() : undefined;
  const sorted = ids.sort(compareStrings);
  const start = after === undefined ? 0 : sorted.findIndex((id) => compareStrings(id, after) > 0);
  const from = start === -1 ? sorted.length : start;
  const size = pageSize !== undefined && pageSize > 0 ? pageSize : sorted.length;
  const page = sorted.slice(from, from + size);
  const more = from + size < sorted.length;
  const nextPageToken = more ? Buffer.from(page[page.length - 1] as string).toString("base64url") : "";
  return { page, nextPageToken };
}

/** ListDocuments: a collection's documents by id; with showMissing, also ids that only have subcollections. */
export function listDocuments(ctx: EmulatorContext, request: ListDocumentsRequest, caller: Caller) {
  const { database, parentPath } = queryParent(request.parent ?? "");
  assertArgument(request.collectionId, "ListDocuments needs a collection id.");
  const collection = parentPath === "" ? request.collectionId : `${parentPath}/${request.collectionId}`;
  const scope = resolveReadScope(ctx, database, request);
  const state = ctx.store.database(database);
  const asQuery: StructuredQuery = {
    from: [{ collectionId: request.collectionId }],
    ...(request.pageSize ? { limit: { value: request.pageSize } } : {}),
  };
  authorizeList(ctx.rules, caller, state, database, parentPath, asQuery, scope.time);
  const live = new Map<string, StoredDocument>();
  for (const doc of state.collection(collection, scope.time))
    live.set(doc.path.slice(collection.length + 1), doc);
  const ids = [...live.keys()];
  if (request.showMissing) ids.push(...state.missingDocumentIds(collection, scope.time));
  const { page, nextPageToken } = paginate(ids, request.pageSize, request.pageToken);
  const mask = parseMask(request.mask);
  ctx.reads.add(database, page.filter((id) => live.has(id)).length);
  const documents = page.map((id) => {
    const doc = live.get(id);
    return doc === undefined
      ? { name: documentName(database, `${collection}/${id}`) }
      : toWireDocument(database, doc, mask);
  });
  return { documents, nextPageToken };
}

interface ListCollectionIdsRequest {
  parent?: string;
  pageSize?: number;
  pageToken?: string;
  readTime?: Timestamp;
}

/** ListCollectionIds: the collections directly below a document (or the root) that hold documents. */
export function listCollectionIds(ctx: EmulatorContext, request: ListCollectionIdsRequest, caller: Caller) {
  const { database, parentPath } = queryParent(request.parent ?? "");
  authorizePrivileged(ctx.rules, caller, database, "ListCollectionIds");
  const scope = resolveReadScope(ctx, database, request);
  const ids = ctx.store.database(database).collectionIds(parentPath, scope.time);
  const { page, nextPageToken } = paginate(ids, request.pageSize, request.pageToken);
  return { collectionIds: page, nextPageToken };
}
