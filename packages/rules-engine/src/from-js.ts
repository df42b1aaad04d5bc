// Conversion of request data (plain JavaScript and Firestore SDK values) into rules values.
import {
  DurationValue,
  FloatValue,
  LatLngValue,
  MapValue,
  PathValue,
  TimestampValue,
  checkInt,
  type Value,
} from "./values.js";

/**
 * Converts request data into rules values. JS integers become ints and other numbers floats
 * (wrap in FloatValue to force a float), `bigint` is an int, `Date` a timestamp, `Uint8Array`
 * bytes, PathValue a reference/path, LatLngValue a geopoint, TimestampValue and DurationValue
 * themselves; arrays are lists and plain objects maps.
 */
export function toValue(js: unknown): Value {
  if (js === null || js === undefined) return null;
  switch (typeof js) {
    case "boolean":
    case "string":
      return js;
    case "bigint":
      return checkInt(js);
    case "number":
      return Number.isInteger(js) && Math.abs(js) < 2 ** 63 && !Object.is(js, -0) ? BigInt(js) : js;
  }
  if (Array.isArray(js)) return js.map(toValue);
  if (js instanceof Date) return TimestampValue.fromDate(js);
  if (js instanceof FloatValue) return js.value;
  if (
    js instanceof Uint8Array ||
    js instanceof PathValue ||
    js instanceof LatLngValue ||
    js instanceof TimestampValue ||
    js instanceof DurationValue ||
    js instanceof MapValue
  ) {
    return js;
  }
  if (typeof js === "object")
    return (
      fromSdkType(js as Record<string, unknown>) ?? MapValue.lazy(js as Record<string, unknown>, toValue)
    );
  throw new TypeError(`cannot convert ${typeof js} to a rules value`);
}

/**
 * Firestore SDK values (Timestamp, GeoPoint, DocumentReference) are recognised by shape, so data
 * read with firebase or firebase-admin can be handed over as it is.
 */
function fromSdkType(o: Record<string, unknown>): Value | undefined {
  if (typeof o.toDate === "function" && typeof o.seconds === "number" && typeof o.nanoseconds === "number") {
    return new TimestampValue(BigInt(o.seconds) * 1_000_000_000n + BigInt(o.nanoseconds));
  }
  if (typeof o.isEqual === "function" && typeof o.latitude === "number" && typeof o.longitude === "number") {
    return new LatLngValue(o.latitude, o.longitude);
  }
  if (typeof o.path === "string" && typeof o.id === "string" && typeof o.firestore === "object") {
    return PathValue.parse(`/databases/(default)/documents/${o.path}`);
  }
  return undefined;
}
