import type { StoredDocument } from "../store/document-store.js";
import { assertArgument } from "../errors.js";
import { getField, parseFieldPath } from "../store/field-paths.js";
import type { Aggregation, Value } from "../types.js";
import { isInteger, isNumber, toNumber } from "../store/values.js";

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

/** The numeric values of one field across documents; sum and avg ignore everything else, as the service does. */
function numericValues(docs: readonly StoredDocument[], fieldPath: string): Value[] {
  const path = parseFieldPath(fieldPath);
  const values: Value[] = [];
  for (const doc of docs) {
    const value = getField(doc.fields, path);
    if (value !== undefined && isNumber(value)) values.push(value);
  }
  return values;
}

/** Sum stays an integer while every operand is one and it fits in int64, else becomes a double. */
function sum(values: readonly Value[]): Value {
  if (values.every(isInteger)) {
    const total = values.reduce((acc, v) => acc + BigInt(v.integerValue ?? 0), 0n);
    if (total <= INT64_MAX && total >= INT64_MIN) return { integerValue: total.toString() };
  }
  return { doubleValue: values.reduce((acc, v) => acc + toNumber(v), 0) };
}

/** Evaluates the aggregations over a query's results, keyed by alias. */
export function aggregate(
  docs: readonly StoredDocument[],
  aggregations: readonly Aggregation[],
): Record<string, Value> {
  const fields: Record<string, Value> = {};
  aggregations.forEach((aggregation, index) => {
    const alias = aggregation.alias || `field_${index + 1}`;
    if (aggregation.count !== undefined) {
      const upTo = aggregation.count.upTo?.value;
      const count = upTo === undefined ? docs.length : Math.min(docs.length, Number(upTo));
      fields[alias] = { integerValue: String(count) };
    } else if (aggregation.sum !== undefined) {
      fields[alias] = sum(numericValues(docs, aggregation.sum.field?.fieldPath ?? ""));
    } else {
      assertArgument(aggregation.avg !== undefined, "Unknown aggregation.");
      const values = numericValues(docs, aggregation.avg.field?.fieldPath ?? "");
      fields[alias] =
        values.length === 0
          ? { nullValue: "NULL_VALUE" }
          : { doubleValue: values.reduce((acc, v) => acc + toNumber(v), 0) / values.length };
    }
  });
  return fields;
}
