import { toTimestamp, type Micros } from "./clock.js";
import { assertArgument, invalidArgument } from "../errors.js";
import { getField, parseFieldPath, setField } from "./field-paths.js";
import type { FieldTransform, Fields, Value } from "../types.js";
import {
  arrayContains,
  compareValues,
  isInteger,
  isNaNValue,
  isNumber,
  kindOf,
  toNumber,
  valuesEqual,
} from "./values.js";

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);
const NULL: Value = { nullValue: "NULL_VALUE" };

function numberValue(n: number): Value {
  return { doubleValue: n };
}

/** Integer addition saturates at the int64 bounds, as the service documents for increment. */
function add(current: Value, operand: Value): Value {
  if (isInteger(current) && isInteger(operand)) {
    let sum = BigInt(current.integerValue ?? 0) + BigInt(operand.integerValue ?? 0);
    if (sum > INT64_MAX) sum = INT64_MAX;
    if (sum < INT64_MIN) sum = INT64_MIN;
    return { integerValue: sum.toString() };
  }
  return numberValue(toNumber(current) + toNumber(operand));
}

/**
 * maximum/minimum: NaN wins, equal operands (3 and 3.0, 0 and -0.0) keep the stored value, and otherwise
 * the winning operand keeps its own type.
 */
function extreme(current: Value, operand: Value, sign: 1 | -1): Value {
  if (isNaNValue(current)) return current;
  if (isNaNValue(operand)) return operand;
  const order = compareValues(operand, current) * sign;
  return order > 0 ? operand : current;
}

function requireNumber(value: Value | undefined, name: string): Value {
  assertArgument(value !== undefined && isNumber(value), `${name} requires a numeric operand.`);
  return value;
}

/**
 * Applies one field transform to `fields` in place at commit time `commitTime` and returns the value the
 * service reports in `transformResults` (the new value; null for the array transforms).
 */
export function applyTransform(fields: Fields, transform: FieldTransform, commitTime: Micros): Value {
  assertArgument(transform.fieldPath, "A field transform needs a field path.");
  const path = parseFieldPath(transform.fieldPath);
  const current = getField(fields, path);
  const numeric = current !== undefined && isNumber(current);
  let next: Value;
  let result: Value | undefined;
  switch (transform.transformType ?? kindOfTransform(transform)) {
    case "setToServerValue":
      assertArgument(transform.setToServerValue === "REQUEST_TIME", "Unknown server value.");
      next = { timestampValue: toTimestamp(commitTime) };
      break;
    case "increment": {
      const operand = requireNumber(transform.increment, "increment");
      next = numeric ? add(current, operand) : operand;
      break;
    }
    case "maximum": {
      const operand = requireNumber(transform.maximum, "maximum");
      next = numeric ? extreme(current, operand, 1) : operand;
      break;
    }
    case "minimum": {
      const operand = requireNumber(transform.minimum, "minimum");
      next = numeric ? extreme(current, operand, -1) : operand;
      break;
    }
    case "appendMissingElements": {
      const values =
        current !== undefined && kindOf(current) === "arrayValue"
          ? [...(current.arrayValue?.values ?? [])]
          : [];
      for (const element of transform.appendMissingElements?.values ?? []) {
        if (!arrayContains(values, element)) values.push(element);
      }
      next = { arrayValue: { values } };
      result = NULL;
      break;
    }
    case "removeAllFromArray": {
      const remove = transform.removeAllFromArray?.values ?? [];
      const values =
        current !== undefined && kindOf(current) === "arrayValue"
          ? (current.arrayValue?.values ?? []).filter((v) => !remove.some((r) => valuesEqual(v, r)))
          : [];
      next = { arrayValue: { values } };
      result = NULL;
      break;
    }
    default:
      throw invalidArgument(`Unsupported field transform on ${transform.fieldPath}.`);
  }
  setField(fields, path, next);
  return result ?? next;
}

function kindOfTransform(transform: FieldTransform): string {
  const keys = [
    "setToServerValue",
    "increment",
    "maximum",
    "minimum",
    "appendMissingElements",
    "removeAllFromArray",
  ];
  return keys.find((key) => transform[key as keyof FieldTransform] !== undefined) ?? "";
}
