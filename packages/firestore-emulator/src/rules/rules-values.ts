import { float, latLng, reference, TimestampValue } from "@partner-api/rules-engine";
import type { Micros } from "../store/clock.js";
import { parseName } from "../store/resource-names.js";
import type { Fields, Timestamp, Value } from "../types.js";

// Wire values as the rules engine takes them (its README, "Values"): integers as bigint (int64 exact),
// doubles as floats even when integral, timestamps with their nanoseconds, references as rules paths.

/** A document path as rules name it: `/databases/{database id}/documents/...`. */
export function rulesPath(database: string, path: string): string {
  const databaseId = database.slice(database.lastIndexOf("/") + 1);
  return path === "" ? `/databases/${databaseId}/documents` : `/databases/${databaseId}/documents/${path}`;
}

function timestampValue(timestamp: Timestamp): TimestampValue {
  return new TimestampValue(BigInt(timestamp.seconds ?? 0) * 1_000_000_000n + BigInt(timestamp.nanos ?? 0));
}

/** A commit or request time as `request.time`. */
export const rulesTime = (micros: Micros): TimestampValue => new TimestampValue(BigInt(micros) * 1000n);

/** One wire value as the engine's JavaScript input. */
export function toRulesValue(value: Value): unknown {
  if (value.nullValue !== undefined) return null;
  if (value.booleanValue !== undefined) return value.booleanValue;
  if (value.integerValue !== undefined) return BigInt(value.integerValue);
  if (value.doubleValue !== undefined) return float(value.doubleValue);
  if (value.timestampValue !== undefined) return timestampValue(value.timestampValue);
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.bytesValue !== undefined) return new Uint8Array(value.bytesValue);
  if (value.referenceValue !== undefined) {
    const name = parseName(value.referenceValue);
    return reference(rulesPath(name.database, name.segments.join("/")));
  }
  if (value.geoPointValue !== undefined) {
    return latLng(value.geoPointValue.latitude ?? 0, value.geoPointValue.longitude ?? 0);
  }
  if (value.arrayValue !== undefined) return (value.arrayValue.values ?? []).map(toRulesValue);
  if (value.mapValue !== undefined) return toRulesData(value.mapValue.fields ?? {});
  return null;
}

/** A document's fields as `resource.data`. */
export function toRulesData(fields: Fields): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) data[key] = toRulesValue(value);
  return data;
}
