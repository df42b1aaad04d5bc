import { failedPrecondition, invalidArgument } from "../errors.js";
import { parseFieldPath } from "../store/field-paths.js";
import type {
  CompositeIndex,
  FieldOverride,
  IndexConfiguration,
  IndexConfigurations,
  IndexField,
  Order,
  QueryScope,
  SingleFieldIndex,
} from "./index-configuration.js";
import { effectiveOrdering } from "./query-engine.js";
import { parseDatabaseName } from "../store/resource-names.js";
import type { Aggregation, Filter, StructuredQuery } from "../types.js";
import { compareStrings } from "../store/values.js";

// Whether production Firestore (Standard edition) could serve a query from the indexes a project has:
// the automatic single-field indexes, its field overrides and its composite indexes. The rules and where
// each comes from are in the package README ("Indexes").

const NAME = "__name__";

/** Where a query reads: one collection (COLLECTION scope) or every collection with that id. */
export interface QueryTarget {
  readonly collectionGroup: string;
  readonly queryScope: QueryScope;
}

/** The index a refused query needs, in firestore.indexes.json form. */
export type MissingIndex = { composite: CompositeIndex } | { fieldOverride: FieldOverride };

type EqualityMode = "order" | "contains";

/** What one disjunct of a query asks of an index. */
interface IndexNeed {
  /** By field key: `==`, `in`, `is null`, `is nan` ("order") or `array-contains(-any)` ("contains"). */
  readonly equalities: ReadonlyMap<string, { fieldPath: string; mode: EqualityMode }>;
  /** Range or inequality filters: then one index must hold every equality (no index merging). */
  readonly ranges: boolean;
  /** The query's order, `__name__` aside. */
  readonly orders: readonly { fieldPath: string; order: Order }[];
  /** Fields an aggregation sums or averages that no order or equality holds: the index must hold them next. */
  readonly aggregated: readonly string[];
  readonly nameOrder: Order;
}

/** One field path, however it is quoted: `a.b` and `` `a`.b `` are the same field. */
const fieldKey = (path: string) => parseFieldPath(path).join("\u0000");

const EQUALITY_OPS: Record<string, EqualityMode> = {
  EQUAL: "order",
  IN: "order",
  IS_NULL: "order",
  IS_NAN: "order",
  ARRAY_CONTAINS: "contains",
  ARRAY_CONTAINS_ANY: "contains",
};

/** The service caps a query's disjunctions at 30; beyond this many something is wrong. */
const MAX_DISJUNCTS = 1024;

/** The filter as an OR of ANDs of single-field filters (`in` stays one filter: one index serves it). */
function disjuncts(filter: Filter | undefined): Filter[][] {
  if (filter === undefined) return [[]];
  const composite = filter.compositeFilter;
  if (composite === undefined) return [[filter]];
  const parts = (composite.filters ?? []).map(disjuncts);
  if (composite.op === "OR") return parts.flat();
  return parts.reduce<Filter[][]>(
    (product, part) => {
      const next = product.flatMap((left) => part.map((right) => [...left, ...right]));
      if (next.length > MAX_DISJUNCTS) throw invalidArgument("The query has too many disjunctions.");
      return next;
    },
    [[]],
  );
}

function needOf(
  conjunction: Filter[],
  query: StructuredQuery,
  aggregatedFields: readonly string[],
): IndexNeed {
  const equalities = new Map<string, { fieldPath: string; mode: EqualityMode }>();
  let ranges = false;
  for (const filter of conjunction) {
    const op = filter.fieldFilter?.op ?? filter.unaryFilter?.op ?? "";
    const fieldPath = filter.fieldFilter?.field?.fieldPath ?? filter.unaryFilter?.field?.fieldPath ?? "";
    // Filters on the document name are served by the name every index ends with.
    if (fieldPath === NAME) continue;
    const mode = EQUALITY_OPS[op];
    if (mode === undefined) ranges = true;
    else equalities.set(fieldKey(fieldPath), { fieldPath, mode });
  }
  const ordering = effectiveOrdering(query);
  const orders = ordering
    .filter((o) => o.fieldPath !== NAME)
    .map((o) => ({ fieldPath: o.fieldPath, order: o.descending ? "DESCENDING" : ("ASCENDING" as Order) }));
  // An aggregated field the index already holds (ordered, or fixed by an equality) needs no place of its own.
  const held = new Set(orders.map((o) => fieldKey(o.fieldPath)));
  for (const [key, equality] of equalities) if (equality.mode === "order") held.add(key);
  const aggregated = [...new Set(aggregatedFields)].filter((path) => !held.has(fieldKey(path)));
  const name = ordering.find((o) => o.fieldPath === NAME);
  return { equalities, ranges, orders, aggregated, nameOrder: name?.descending ? "DESCENDING" : "ASCENDING" };
}

/** The direction `__name__` takes after an index's fields: the last field's, ascending after array-contains. */
function impliedNameOrder(fields: readonly IndexField[]): Order {
  const last = fields[fields.length - 1];
  return last !== undefined && "order" in last ? last.order : "ASCENDING";
}

/**
 * The equality fields an index covers for a need, or null when it cannot serve the need: after an
 * equality prefix (any order, any direction) it must hold exactly the query's orders, then its aggregated
 * fields (any order), then `__name__` in the query's direction.
 */
function coveredEqualities(fields: readonly IndexField[], need: IndexNeed): Set<string> | null {
  const last = fields[fields.length - 1];
  const explicitName = last?.fieldPath === NAME && "order" in last ? last.order : undefined;
  const body = explicitName === undefined ? fields : fields.slice(0, -1);
  if ((explicitName ?? impliedNameOrder(body)) !== need.nameOrder) return null;
  if (body.some((f) => f.fieldPath === NAME)) return null;
  const tail = need.orders.length + need.aggregated.length;
  if (body.length < tail) return null;
  const prefixLength = body.length - tail;
  const ordered = body.slice(prefixLength, prefixLength + need.orders.length);
  const holdsOrders = need.orders.every((o, i) => {
    const field = ordered[i] as IndexField;
    return fieldKey(field.fieldPath) === fieldKey(o.fieldPath) && "order" in field && field.order === o.order;
  });
  if (!holdsOrders) return null;
  const wanted = new Set(need.aggregated.map(fieldKey));
  const aggregated = body.slice(prefixLength + need.orders.length);
  if (aggregated.some((f) => !("order" in f) || !wanted.delete(fieldKey(f.fieldPath)))) return null;
  const covered = new Set<string>();
  for (const field of body.slice(0, prefixLength)) {
    const key = fieldKey(field.fieldPath);
    const equality = need.equalities.get(key);
    if (equality === undefined || covered.has(key)) return null;
    if ((equality.mode === "contains") !== "arrayConfig" in field) return null;
    covered.add(key);
  }
  return covered;
}

/** The override in force for a field: its own, else its nearest map parent's (subfields inherit). */
function overrideFor(
  config: IndexConfiguration,
  collectionGroup: string,
  fieldPath: string,
): FieldOverride | undefined {
  const segments = parseFieldPath(fieldPath);
  let best: FieldOverride | undefined;
  let bestLength = -1;
  for (const override of config.fieldOverrides) {
    if (override.collectionGroup !== collectionGroup) continue;
    const own = parseFieldPath(override.fieldPath);
    const isParent = own.length <= segments.length && own.every((s, i) => s === segments[i]);
    if (isParent && own.length > bestLength) {
      best = override;
      bestLength = own.length;
    }
  }
  return best;
}

/** Every field's automatic indexes: ascending, descending and array-contains, in collection scope only. */
const AUTOMATIC: readonly SingleFieldIndex[] = [
  { order: "ASCENDING", queryScope: "COLLECTION" },
  { order: "DESCENDING", queryScope: "COLLECTION" },
  { arrayConfig: "CONTAINS", queryScope: "COLLECTION" },
];

const singleFieldIndexes = (config: IndexConfiguration, collectionGroup: string, fieldPath: string) =>
  overrideFor(config, collectionGroup, fieldPath)?.indexes ?? AUTOMATIC;

const asField = (fieldPath: string, index: SingleFieldIndex): IndexField =>
  "order" in index ? { fieldPath, order: index.order } : { fieldPath, arrayConfig: "CONTAINS" };

/** The target's indexes that could serve a need: its composite ones and the named fields' single-field ones. */
function candidateIndexes(config: IndexConfiguration, target: QueryTarget, need: IndexNeed): IndexField[][] {
  const composite = config.indexes
    .filter((i) => i.collectionGroup === target.collectionGroup && i.queryScope === target.queryScope)
    .map((i) => i.fields);
  const paths = [
    ...need.orders.map((o) => o.fieldPath),
    ...need.aggregated,
    ...[...need.equalities.values()].map((e) => e.fieldPath),
  ];
  const single = paths.flatMap((fieldPath) =>
    singleFieldIndexes(config, target.collectionGroup, fieldPath)
      .filter((index) => index.queryScope === target.queryScope)
      .map((index) => [asField(fieldPath, index)]),
  );
  return [...composite, ...single];
}

/**
 * Whether the target's indexes serve a need. Equalities on ordered fields are served by the order itself.
 * Without range filters, the indexes for the other equalities may be merged; with them, one index holds all.
 */
function served(config: IndexConfiguration, target: QueryTarget, need: IndexNeed): boolean {
  const ordered = new Set(need.orders.map((o) => fieldKey(o.fieldPath)));
  const needed = [...need.equalities].filter(([key, e]) => e.mode === "contains" || !ordered.has(key));
  if (needed.length === 0 && need.orders.length === 0 && need.aggregated.length === 0) return true;
  const covers = candidateIndexes(config, target, need)
    .map((fields) => coveredEqualities(fields, need))
    .filter((covered) => covered !== null);
  if (need.ranges || needed.length === 0) {
    return covers.some((covered) => needed.every(([key]) => covered.has(key)));
  }
  const merged = new Set(covers.flatMap((covered) => [...covered]));
  return needed.every(([key]) => merged.has(key));
}

/**
 * The index production would ask for: array-contains fields, then the other equalities (by name), then
 * the orders, then the aggregated fields (by name), and `__name__` only where it is not implied. One field
 * is a single-field index: the field's override with that index added (overrides replace the automatic set).
 */
function indexFor(config: IndexConfiguration, target: QueryTarget, need: IndexNeed): MissingIndex {
  const ordered = new Set(need.orders.map((o) => fieldKey(o.fieldPath)));
  const equalities = [...need.equalities.values()].sort((a, b) => compareStrings(a.fieldPath, b.fieldPath));
  const fields: IndexField[] = [
    ...equalities
      .filter((e) => e.mode === "contains")
      .map((e) => asField(e.fieldPath, { arrayConfig: "CONTAINS", queryScope: "COLLECTION" })),
    ...equalities
      .filter((e) => e.mode === "order" && !ordered.has(fieldKey(e.fieldPath)))
      .map((e): IndexField => ({ fieldPath: e.fieldPath, order: "ASCENDING" })),
    ...need.orders,
    ...[...need.aggregated]
      .sort(compareStrings)
      .map((fieldPath): IndexField => ({ fieldPath, order: "ASCENDING" })),
  ];
  const [only] = fields;
  if (fields.length === 1 && only !== undefined && impliedNameOrder(fields) === need.nameOrder) {
    const override = overrideFor(config, target.collectionGroup, only.fieldPath);
    const index: SingleFieldIndex = {
      ...("order" in only ? { order: only.order } : { arrayConfig: "CONTAINS" }),
      queryScope: target.queryScope,
    };
    return {
      fieldOverride: {
        collectionGroup: target.collectionGroup,
        fieldPath: only.fieldPath,
        ...(override?.ttl === undefined ? {} : { ttl: override.ttl }),
        indexes: [...singleFieldIndexes(config, target.collectionGroup, only.fieldPath), index],
      },
    };
  }
  if (impliedNameOrder(fields) !== need.nameOrder) fields.push({ fieldPath: NAME, order: need.nameOrder });
  return { composite: { ...target, fields } };
}

/**
 * The index a query needs and the project lacks, or null when production would serve it. Each disjunct of
 * its filter must be served; the first one that is not names the index.
 */
export function missingIndex(
  config: IndexConfiguration,
  target: QueryTarget,
  query: StructuredQuery,
  aggregatedFields: readonly string[] = [],
): MissingIndex | null {
  for (const conjunction of disjuncts(query.where)) {
    const need = needOf(conjunction, query, aggregatedFields);
    if (!served(config, target, need)) return indexFor(config, target, need);
  }
  return null;
}

/** The FAILED_PRECONDITION message for a missing index, with the entry to paste into firestore.indexes.json. */
export function describeMissingIndex(missing: MissingIndex): string {
  return "composite" in missing
    ? `The query requires an index. Add it to "indexes" in firestore.indexes.json: ${JSON.stringify(missing.composite)}`
    : `The query requires an index. Put this entry in "fieldOverrides" in firestore.indexes.json ` +
        `(in place of any for the same collection group and field): ${JSON.stringify(missing.fieldOverride)}`;
}

/**
 * The one index check of the query path (RunQuery, RunAggregationQuery, Listen query targets): throws
 * FAILED_PRECONDITION, as the service does, when the project's loaded index configuration cannot serve the
 * query. Projects without one, and kindless queries (only `__name__`, always indexed), are not checked.
 */
export function assertIndexed(
  indexes: IndexConfigurations,
  database: string,
  query: StructuredQuery,
  aggregations: readonly Aggregation[] = [],
): void {
  const config = indexes.forProject(parseDatabaseName(database).projectId);
  const selector = query.from?.[0];
  if (config === undefined || !selector?.collectionId) return;
  const target: QueryTarget = {
    collectionGroup: selector.collectionId,
    queryScope: selector.allDescendants ? "COLLECTION_GROUP" : "COLLECTION",
  };
  const aggregated = aggregations.flatMap((a) => a.sum?.field?.fieldPath ?? a.avg?.field?.fieldPath ?? []);
  const missing = missingIndex(config, target, query, aggregated);
  if (missing !== null) throw failedPrecondition(describeMissingIndex(missing));
}
