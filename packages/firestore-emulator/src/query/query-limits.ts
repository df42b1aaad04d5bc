import { assertArgument } from "../errors.js";
import { inequalityFields } from "./filters.js";
import { effectiveOrdering } from "./query-engine.js";
import type { Aggregation, Filter, StructuredQuery } from "../types.js";

// The service's limits on a query's shape ("Query limitations", and the Operator requirements in
// google/firestore/v1/query.proto). They are checked before the rules judge the query or the engine runs
// it, so nothing ever expands a query the service would refuse.

/** A query's filter may expand into at most this many disjunctions in disjunctive normal form. */
export const MAX_DISJUNCTIONS = 30;
/** `in` and `array-contains-any` take at most this many values; `not-in` at most ten. */
const MAX_LIST_VALUES = 30;
const MAX_NOT_IN_VALUES = 10;
/** A RunAggregationQuery computes at most this many aggregations. */
export const MAX_AGGREGATIONS = 5;

const NAME = "__name__";

/**
 * How many disjunctions the filter's disjunctive normal form has, counted without expanding it: an OR adds
 * its branches' counts, an AND multiplies them, and an `in` or `array-contains-any` of n values is n.
 */
export function disjunctionCount(filter: Filter | undefined): number {
  if (filter === undefined) return 1;
  const composite = filter.compositeFilter;
  if (composite !== undefined) {
    const counts = (composite.filters ?? []).map(disjunctionCount);
    return composite.op === "OR"
      ? counts.reduce((sum, n) => sum + n, 0)
      : counts.reduce((product, n) => product * n, 1);
  }
  const op = filter.fieldFilter?.op;
  if (op === "IN" || op === "ARRAY_CONTAINS_ANY")
    return filter.fieldFilter?.value?.arrayValue?.values?.length ?? 1;
  return 1;
}

/** Checks each field filter's own operand: list operators take a non-empty list within their bound. */
function checkFieldFilters(filter: Filter | undefined): void {
  if (filter === undefined) return;
  for (const child of filter.compositeFilter?.filters ?? []) checkFieldFilters(child);
  const fieldFilter = filter.fieldFilter;
  const op = fieldFilter?.op ?? "";
  if (op !== "IN" && op !== "ARRAY_CONTAINS_ANY" && op !== "NOT_IN") return;
  const values = fieldFilter?.value?.arrayValue?.values;
  assertArgument(values !== undefined && values.length > 0, `A '${op}' filter needs a non-empty array.`);
  const max = op === "NOT_IN" ? MAX_NOT_IN_VALUES : MAX_LIST_VALUES;
  assertArgument(values.length <= max, `A '${op}' filter takes at most ${max} values, not ${values.length}.`);
}

/** Whether the filter has an equality on the document key anywhere. */
function hasKeyEquality(filter: Filter | undefined): boolean {
  if (filter === undefined) return false;
  if (filter.compositeFilter !== undefined)
    return (filter.compositeFilter.filters ?? []).some(hasKeyEquality);
  return filter.fieldFilter?.op === "EQUAL" && filter.fieldFilter.field?.fieldPath === NAME;
}

/** Refuses a query the service would refuse for its shape (INVALID_ARGUMENT), before any expansion. */
export function checkQuery(query: StructuredQuery): void {
  checkFieldFilters(query.where);
  const disjunctions = disjunctionCount(query.where);
  assertArgument(
    disjunctions <= MAX_DISJUNCTIONS,
    `The query has ${disjunctions} disjunctions in disjunctive normal form; the limit is ${MAX_DISJUNCTIONS}.`,
  );
  const inequalities = inequalityFields(query.where);
  assertArgument(
    !(inequalities.length > 0 && !inequalities.includes(NAME) && hasKeyEquality(query.where)),
    "Equality on key is not allowed if there are other inequality fields and key does not appear in inequalities.",
  );
  const orders = effectiveOrdering(query);
  const key = orders.findIndex((order) => order.fieldPath === NAME);
  assertArgument(
    key === orders.length - 1,
    `The order by clause cannot contain more fields after the key ${NAME}.`,
  );
}

/** Refuses an aggregation query over the service's number of aggregations. */
export function checkAggregations(aggregations: readonly Aggregation[]): void {
  assertArgument(
    aggregations.length <= MAX_AGGREGATIONS,
    `The query asks for ${aggregations.length} aggregations; the maximum number of aggregations is ${MAX_AGGREGATIONS}.`,
  );
}
