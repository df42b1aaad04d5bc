import type { Timestamp, Value } from "../types.js";

// Firestore's cross-type order: null < booleans < numbers (NaN first) < timestamps < strings < bytes
// < references < geo points < arrays < vectors < maps. Integers and doubles share one numeric order.
const enum TypeOrder {
  Null,
  Boolean,
  Number,
  Timestamp,
  String,
  Bytes,
  Reference,
  GeoPoint,
  Array,
  Vector,
  Map,
}

/** The value's kind, from its oneof discriminator or, for values built in code, the field that is set. */
export function kindOf(value: Value): string {
  if (value.valueType !== undefined) return value.valueType;
  for (const key of Object.keys(value)) if (key.endsWith("Value")) return key;
  return "nullValue";
}

/** The value's rank in the cross-type order. */
export function typeOrder(value: Value): TypeOrder {
  switch (kindOf(value)) {
    case "nullValue":
      return TypeOrder.Null;
    case "booleanValue":
      return TypeOrder.Boolean;
    case "integerValue":
    case "doubleValue":
      return TypeOrder.Number;
    case "timestampValue":
      return TypeOrder.Timestamp;
    case "stringValue":
      return TypeOrder.String;
    case "bytesValue":
      return TypeOrder.Bytes;
    case "referenceValue":
      return TypeOrder.Reference;
    case "geoPointValue":
      return TypeOrder.GeoPoint;
    case "arrayValue":
      return TypeOrder.Array;
    default:
      return isVector(value) ? TypeOrder.Vector : TypeOrder.Map;
  }
}

function isVector(value: Value): boolean {
  return value.mapValue?.fields?.["__type__"]?.stringValue === "__vector__";
}

export const isNumber = (value: Value | undefined): boolean =>
  value !== undefined && (kindOf(value) === "integerValue" || kindOf(value) === "doubleValue");
export const isInteger = (value: Value | undefined): boolean =>
  value !== undefined && kindOf(value) === "integerValue";
export const isArray = (value: Value | undefined): boolean =>
  value !== undefined && kindOf(value) === "arrayValue";
export const isNaNValue = (value: Value | undefined): boolean =>
  value !== undefined && kindOf(value) === "doubleValue" && Number.isNaN(Number(value.doubleValue));
export const isNullValue = (value: Value | undefined): boolean =>
  value !== undefined && kindOf(value) === "nullValue";

/** The numeric value as a JS number (int64 beyond 2^53 loses precision, as it does in double arithmetic). */
export function toNumber(value: Value): number {
  return kindOf(value) === "integerValue" ? Number(value.integerValue ?? 0) : Number(value.doubleValue ?? 0);
}

/** Compares by UTF-8 byte order, which is code point order (JS `<` compares UTF-16 units). */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca === cb) continue;
    const aSurrogate = ca >= 0xd800 && ca <= 0xdfff;
    const bSurrogate = cb >= 0xd800 && cb <= 0xdfff;
    // A surrogate encodes a code point above U+FFFF, which sorts after every BMP character.
    if (aSurrogate !== bSurrogate) return aSurrogate ? 1 : -1;
    return ca < cb ? -1 : 1;
  }
  return a.length - b.length;
}

function compareNumbers(a: Value, b: Value): number {
  if (isInteger(a) && isInteger(b)) {
    const x = BigInt(a.integerValue ?? 0);
    const y = BigInt(b.integerValue ?? 0);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const x = toNumber(a);
  const y = toNumber(b);
  if (Number.isNaN(x)) return Number.isNaN(y) ? 0 : -1;
  if (Number.isNaN(y)) return 1;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Total order of timestamps by seconds then nanos. */
export function compareTimestamps(a: Timestamp | undefined, b: Timestamp | undefined): number {
  const sa = Number(a?.seconds ?? 0);
  const sb = Number(b?.seconds ?? 0);
  if (sa !== sb) return sa < sb ? -1 : 1;
  return (a?.nanos ?? 0) - (b?.nanos ?? 0);
}

/** A numeric id `__id<int64>__` (the service's legacy integer ids), as a bigint; undefined for any other id. */
export function numericId(segment: string): bigint | undefined {
  const match = /^__id(-?\d{1,19})__$/.exec(segment);
  if (match === null) return undefined;
  const n = BigInt(match[1] as string);
  return n >= -(2n ** 63n) && n < 2n ** 63n ? n : undefined;
}

/** Path segments in the service's order: numeric ids first, by value, then other ids by UTF-8 bytes. */
function compareSegments(a: string, b: string): number {
  const x = numericId(a);
  const y = numericId(b);
  if (x !== undefined && y !== undefined) return x < y ? -1 : x > y ? 1 : 0;
  if (x !== undefined || y !== undefined) return x !== undefined ? -1 : 1;
  return compareStrings(a, b);
}

function compareReferences(a: string, b: string): number {
  const x = a.split("/");
  const y = b.split("/");
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const c = compareSegments(x[i] as string, y[i] as string);
    if (c !== 0) return c;
  }
  return x.length - y.length;
}

function compareArrays(a: Value[], b: Value[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compareValues(a[i] as Value, b[i] as Value);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

function compareMaps(a: Value, b: Value): number {
  const fa = a.mapValue?.fields ?? {};
  const fb = b.mapValue?.fields ?? {};
  const ka = Object.keys(fa).sort(compareStrings);
  const kb = Object.keys(fb).sort(compareStrings);
  for (let i = 0; i < Math.min(ka.length, kb.length); i++) {
    const c =
      compareStrings(ka[i] as string, kb[i] as string) ||
      compareValues(fa[ka[i] as string] as Value, fb[kb[i] as string] as Value);
    if (c !== 0) return c;
  }
  return ka.length - kb.length;
}

function vectorLength(value: Value): number {
  return value.mapValue?.fields?.["value"]?.arrayValue?.values?.length ?? 0;
}

/** Firestore's total order over values of any type. */
export function compareValues(a: Value, b: Value): number {
  const ta = typeOrder(a);
  const tb = typeOrder(b);
  if (ta !== tb) return ta - tb;
  switch (ta) {
    case TypeOrder.Null:
      return 0;
    case TypeOrder.Boolean:
      return Number(a.booleanValue ?? false) - Number(b.booleanValue ?? false);
    case TypeOrder.Number:
      return compareNumbers(a, b);
    case TypeOrder.Timestamp:
      return compareTimestamps(a.timestampValue, b.timestampValue);
    case TypeOrder.String:
      return compareStrings(a.stringValue ?? "", b.stringValue ?? "");
    case TypeOrder.Bytes:
      return Buffer.compare(Buffer.from(a.bytesValue ?? []), Buffer.from(b.bytesValue ?? []));
    case TypeOrder.Reference:
      return compareReferences(a.referenceValue ?? "", b.referenceValue ?? "");
    case TypeOrder.GeoPoint:
      return (
        Math.sign((a.geoPointValue?.latitude ?? 0) - (b.geoPointValue?.latitude ?? 0)) ||
        Math.sign((a.geoPointValue?.longitude ?? 0) - (b.geoPointValue?.longitude ?? 0))
      );
    case TypeOrder.Array:
      return compareArrays(a.arrayValue?.values ?? [], b.arrayValue?.values ?? []);
    case TypeOrder.Vector:
      return vectorLength(a) - vectorLength(b) || compareMaps(a, b);
    case TypeOrder.Map:
      return compareMaps(a, b);
  }
}

/**
 * Equality as filters and array transforms see it: numerically equal integers and doubles are equal,
 * and NaN equals NaN (the SDKs turn `== NaN` into IS_NAN, so this only matters inside arrays).
 */
export function valuesEqual(a: Value, b: Value): boolean {
  if (typeOrder(a) !== typeOrder(b)) return false;
  if (isNumber(a)) {
    if (isNaNValue(a) || isNaNValue(b)) return isNaNValue(a) && isNaNValue(b);
    return compareNumbers(a, b) === 0;
  }
  return compareValues(a, b) === 0;
}

/** Whether `values` holds a value equal to `value`. */
export function arrayContains(values: readonly Value[] | undefined, value: Value): boolean {
  return (values ?? []).some((v) => valuesEqual(v, value));
}

/** Exact structural identity (an integer 1 and a double 1.0 differ): whether a write changed anything. */
export function valuesIdentical(a: Value, b: Value): boolean {
  const kind = kindOf(a);
  if (kind !== kindOf(b)) return false;
  switch (kind) {
    case "doubleValue":
      return Object.is(Number(a.doubleValue), Number(b.doubleValue));
    case "integerValue":
      return String(a.integerValue) === String(b.integerValue);
    case "arrayValue": {
      const x = a.arrayValue?.values ?? [];
      const y = b.arrayValue?.values ?? [];
      return x.length === y.length && x.every((v, i) => valuesIdentical(v, y[i] as Value));
    }
    case "mapValue":
      return fieldsIdentical(a.mapValue?.fields ?? {}, b.mapValue?.fields ?? {});
    default:
      return compareValues(a, b) === 0;
  }
}

/** Exact structural identity of two field maps. */
export function fieldsIdentical(a: Record<string, Value>, b: Record<string, Value>): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => b[key] !== undefined && valuesIdentical(a[key] as Value, b[key] as Value));
}
