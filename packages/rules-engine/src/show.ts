// Rendering of rules values for messages and string().
import {
  DurationValue,
  LatLngValue,
  MapDiffValue,
  MapValue,
  PathValue,
  SetValue,
  TimestampValue,
  type Value,
} from "./values.js";

/** A short rendering for error messages and debug(). */
export function show(v: Value): string {
  if (v === null) return "null";
  switch (typeof v) {
    case "string":
      return JSON.stringify(v);
    case "bigint":
      return v.toString();
    case "number":
      return formatFloat(v);
    case "boolean":
      return String(v);
  }
  if (Array.isArray(v)) return `[${v.map(show).join(", ")}]`;
  if (v instanceof Uint8Array)
    return `b'${[...v].map((x) => "\\x" + x.toString(16).padStart(2, "0")).join("")}'`;
  if (v instanceof MapValue)
    return `{${[...v.entries].map(([k, x]) => `${JSON.stringify(k)}: ${show(x)}`).join(", ")}}`;
  if (v instanceof SetValue) return `set(${show(v.items)})`;
  if (v instanceof PathValue) return v.toString();
  if (v instanceof TimestampValue)
    return `timestamp(${new Date(Number(v.nanos / 1_000_000n)).toISOString()})`;
  if (v instanceof DurationValue) return `duration(${v.nanos}ns)`;
  if (v instanceof LatLngValue) return `latlng(${v.latitude}, ${v.longitude})`;
  if (v instanceof MapDiffValue) return "map_diff";
  return v.describe();
}

/** Floats always render with a fraction or exponent so they read differently from ints. */
export function formatFloat(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? "NaN" : n > 0 ? "Infinity" : "-Infinity";
  const s = String(n);
  return /[.eE]/.test(s) ? s : s + ".0";
}
