import type { Micros } from "../store/clock.js";
import type { DatabaseState, StoredDocument } from "../store/document-store.js";
import { assertArgument } from "../errors.js";
import { getField, parseFieldPath } from "../store/field-paths.js";
import { inequalityFields, matchesFilter } from "./filters.js";
import { keyComparator, type IndexKey, type OrderedIndex, type Ordering } from "../store/ordered-index.js";
import { documentName } from "../store/resource-names.js";
import type { Cursor, StructuredQuery, Value } from "../types.js";
import { compareStrings, compareValues } from "../store/values.js";

const NAME = "__name__";

/**
 * The orders a query really sorts by: its explicit orders, then its inequality fields (in field-path
 * order) that are not ordered yet, then the document name in the direction of the last order.
 */
export function effectiveOrdering(query: StructuredQuery): Ordering[] {
  const orders: Ordering[] = (query.orderBy ?? []).map((order) => ({
    fieldPath: order.field?.fieldPath ?? "",
    descending: order.direction === "DESCENDING",
  }));
  const ordered = new Set(orders.map((o) => o.fieldPath));
  for (const fieldPath of inequalityFields(query.where).sort(compareStrings)) {
    if (!ordered.has(fieldPath)) orders.push({ fieldPath, descending: false });
    ordered.add(fieldPath);
  }
  if (!ordered.has(NAME)) {
    orders.push({ fieldPath: NAME, descending: orders[orders.length - 1]?.descending ?? false });
  }
  return orders;
}

/** Reads fields of stored documents by field path, parsing each path once per query. */
class FieldReader {
  private readonly parsed = new Map<string, string[]>();

  constructor(private readonly database: string) {}

  read(doc: StoredDocument, fieldPath: string): Value | undefined {
    if (fieldPath === NAME) return { referenceValue: documentName(this.database, doc.path) };
    let segments = this.parsed.get(fieldPath);
    if (segments === undefined) {
      segments = parseFieldPath(fieldPath);
      this.parsed.set(fieldPath, segments);
    }
    return getField(doc.fields, segments);
  }
}

function compareToCursor(values: readonly Value[], orders: readonly Ordering[], cursor: Cursor): number {
  const cursorValues = cursor.values ?? [];
  for (let i = 0; i < cursorValues.length && i < orders.length; i++) {
    let c = compareValues(values[i] as Value, cursorValues[i] as Value);
    if ((orders[i] as Ordering).descending) c = -c;
    if (c !== 0) return c;
  }
  return 0;
}

/** The documents a collection or collection-group selector ranges over. */
function* candidates(
  state: DatabaseState,
  parentPath: string,
  query: StructuredQuery,
  time: Micros,
): Generator<StoredDocument> {
  assertArgument((query.from ?? []).length === 1, "A query must select exactly one collection.");
  const selector = query.from?.[0] ?? {};
  const collectionId = selector.collectionId ?? "";
  if (selector.allDescendants) {
    yield* collectionId === ""
      ? state.descendants(parentPath, time)
      : state.collectionGroup(parentPath, collectionId, time);
  } else {
    assertArgument(collectionId !== "", "A query must name its collection.");
    yield* state.collection(parentPath === "" ? collectionId : `${parentPath}/${collectionId}`, time);
  }
}

/** The probe a cursor seeks to: before (startAt, endBefore) or after (startAfter, endAt) its values. */
function cursorKey(cursor: Cursor, orders: readonly Ordering[]): IndexKey {
  return { values: (cursor.values ?? []).slice(0, orders.length), bound: cursor.before ? "before" : "after" };
}

/** Applies offset and limit to matches as they come, stopping as soon as the page is full. */
function* page<T>(matches: Iterable<T>, query: StructuredQuery): Generator<T> {
  let skip = query.offset ?? 0;
  let left = query.limit?.value ?? Infinity;
  if (left <= 0) return;
  for (const match of matches) {
    if (skip > 0) {
      skip--;
      continue;
    }
    yield match;
    if (--left === 0) return;
  }
}

/**
 * The index path: seek the start cursor, then read in order, filtering, until the end cursor or a full
 * page. A page costs O(log N + documents read) however large the collection.
 */
function* fromIndex(
  index: OrderedIndex,
  query: StructuredQuery,
  reader: FieldReader,
): Generator<StoredDocument> {
  const compare = keyComparator(index.orders);
  const end = query.endAt === undefined ? undefined : cursorKey(query.endAt, index.orders);
  const start = query.startAt === undefined ? undefined : cursorKey(query.startAt, index.orders);
  for (const { key, doc } of index.from(start)) {
    if (end !== undefined && compare(key, end) > 0) return;
    if (query.where === undefined || matchesFilter(query.where, (path) => reader.read(doc, path))) yield doc;
  }
}

/** The scan path, for collection groups and past read times: filter every candidate, then sort. */
function fromScan(
  state: DatabaseState,
  parentPath: string,
  query: StructuredQuery,
  time: Micros,
  orders: readonly Ordering[],
  reader: FieldReader,
): StoredDocument[] {
  const rows: { doc: StoredDocument; values: Value[] }[] = [];
  for (const doc of candidates(state, parentPath, query, time)) {
    if (query.where !== undefined && !matchesFilter(query.where, (path) => reader.read(doc, path))) continue;
    const values: Value[] = [];
    let complete = true;
    for (const order of orders) {
      const value = reader.read(doc, order.fieldPath);
      if (value === undefined) {
        complete = false;
        break;
      }
      values.push(value);
    }
    if (complete) rows.push({ doc, values });
  }
  rows.sort((a, b) => {
    for (let i = 0; i < orders.length; i++) {
      const c = compareValues(a.values[i] as Value, b.values[i] as Value);
      if (c !== 0) return (orders[i] as Ordering).descending ? -c : c;
    }
    return 0;
  });
  const { startAt, endAt } = query;
  return rows
    .filter((row) => {
      if (startAt !== undefined) {
        const c = compareToCursor(row.values, orders, startAt);
        if (startAt.before ? c < 0 : c <= 0) return false;
      }
      if (endAt !== undefined) {
        const c = compareToCursor(row.values, orders, endAt);
        if (endAt.before ? c >= 0 : c > 0) return false;
      }
      return true;
    })
    .map((row) => row.doc);
}

/**
 * Runs a structured query at `time` below `parentPath` (a document path, "" for the root): filters,
 * orders (documents lacking an ordered field are left out, as an index would), cursors, offset, limit.
 * A query over one collection at its latest state reads an ordered index of that collection; others scan.
 */
export function runQuery(
  state: DatabaseState,
  database: string,
  parentPath: string,
  query: StructuredQuery,
  time: Micros,
): StoredDocument[] {
  const reader = new FieldReader(database);
  const orders = effectiveOrdering(query);
  assertArgument((query.from ?? []).length === 1, "A query must select exactly one collection.");
  const selector = query.from?.[0] ?? {};
  const collectionId = selector.collectionId ?? "";
  const index =
    selector.allDescendants || collectionId === ""
      ? undefined
      : state.orderedIndex(parentPath === "" ? collectionId : `${parentPath}/${collectionId}`, orders, time);
  const matches = index
    ? fromIndex(index, query, reader)
    : fromScan(state, parentPath, query, time, orders, reader);
  return [...page(matches, query)];
}
