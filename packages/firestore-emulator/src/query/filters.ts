import { invalidArgument } from "../errors.js";
import type { Filter, Value } from "../types.js";
import {
  arrayContains,
  compareValues,
  isArray,
  isNaNValue,
  isNullValue,
  typeOrder,
  valuesEqual,
} from "../store/values.js";

/** Reads one field of the document a filter is evaluated against (`__name__` included). */
export type FieldLookup = (fieldPath: string) => Value | undefined;

function compares(op: string, field: Value, operand: Value): boolean {
  // Range comparisons only match values of the operand's type: `age > 3` never matches a string, and
  // NaN, though it sorts before every number, is in no numeric range.
  if (typeOrder(field) !== typeOrder(operand) || isNaNValue(operand) || isNaNValue(field)) return false;
  const c = compareValues(field, operand);
  switch (op) {
    case "LESS_THAN":
      return c < 0;
    case "LESS_THAN_OR_EQUAL":
      return c <= 0;
    case "GREATER_THAN":
      return c > 0;
    default:
      return c >= 0;
  }
}

/**
 * Whether a document matches a filter, as the service evaluates it: a missing field matches no field
 * filter, and `!=` / `not-in` also skip nulls.
 */
export function matchesFilter(filter: Filter, lookup: FieldLookup): boolean {
  if (filter.compositeFilter !== undefined) {
    const filters = filter.compositeFilter.filters ?? [];
    return filter.compositeFilter.op === "OR"
      ? filters.some((f) => matchesFilter(f, lookup))
      : filters.every((f) => matchesFilter(f, lookup));
  }
  if (filter.unaryFilter !== undefined) {
    const value = lookup(filter.unaryFilter.field?.fieldPath ?? "");
    switch (filter.unaryFilter.op) {
      case "IS_NAN":
        return isNaNValue(value);
      case "IS_NULL":
        return isNullValue(value);
      case "IS_NOT_NAN":
        return value !== undefined && !isNullValue(value) && !isNaNValue(value);
      case "IS_NOT_NULL":
        return value !== undefined && !isNullValue(value);
      default:
        throw invalidArgument(`Unknown unary filter operator ${filter.unaryFilter.op}.`);
    }
  }
  const fieldFilter = filter.fieldFilter;
  if (fieldFilter === undefined) return true;
  const value = lookup(fieldFilter.field?.fieldPath ?? "");
  const operand: Value = fieldFilter.value ?? { nullValue: "NULL_VALUE" };
  if (value === undefined) return false;
  const list = operand.arrayValue?.values ?? [];
  // Null and NaN in an `in` or `array-contains-any` list match nothing (`== null` is IS_NULL, a unary filter).
  const operands = list.filter((v) => !isNullValue(v) && !isNaNValue(v));
  switch (fieldFilter.op) {
    case "EQUAL":
      return valuesEqual(value, operand);
    case "NOT_EQUAL":
      return !isNullValue(value) && !valuesEqual(value, operand);
    case "LESS_THAN":
    case "LESS_THAN_OR_EQUAL":
    case "GREATER_THAN":
    case "GREATER_THAN_OR_EQUAL":
      return compares(fieldFilter.op, value, operand);
    case "ARRAY_CONTAINS":
      return isArray(value) && arrayContains(value.arrayValue?.values, operand);
    case "ARRAY_CONTAINS_ANY":
      return isArray(value) && (value.arrayValue?.values ?? []).some((v) => arrayContains(operands, v));
    case "IN":
      return arrayContains(operands, value);
    case "NOT_IN":
      return !isNullValue(value) && !arrayContains(list, value);
    default:
      throw invalidArgument(`Unknown field filter operator ${fieldFilter.op}.`);
  }
}

const inequalityOps = new Set([
  "LESS_THAN",
  "LESS_THAN_OR_EQUAL",
  "GREATER_THAN",
  "GREATER_THAN_OR_EQUAL",
  "NOT_EQUAL",
  "NOT_IN",
]);

/** Field paths with inequality filters: the query is implicitly ordered by them after its explicit orders. */
export function inequalityFields(filter: Filter | undefined): string[] {
  if (filter === undefined) return [];
  if (filter.compositeFilter !== undefined) {
    return [...new Set((filter.compositeFilter.filters ?? []).flatMap(inequalityFields))];
  }
  if (filter.fieldFilter !== undefined && inequalityOps.has(filter.fieldFilter.op ?? "")) {
    return [filter.fieldFilter.field?.fieldPath ?? ""];
  }
  if (filter.unaryFilter?.op === "IS_NOT_NAN" || filter.unaryFilter?.op === "IS_NOT_NULL") {
    return [filter.unaryFilter.field?.fieldPath ?? ""];
  }
  return [];
}
