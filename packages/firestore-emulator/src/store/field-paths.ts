import { assertArgument } from "../errors.js";
import type { Fields, Value } from "../types.js";

/**
 * Splits a field path as the API spells it: dot-separated segments, where a segment that is not a simple
 * identifier is quoted with backticks and escapes "`" and "\" with a backslash.
 */
export function parseFieldPath(path: string): string[] {
  const segments: string[] = [];
  let i = 0;
  while (i <= path.length) {
    let segment = "";
    if (path[i] === "`") {
      i++;
      while (i < path.length && path[i] !== "`") {
        if (path[i] === "\\") i++;
        segment += path[i] ?? "";
        i++;
      }
      assertArgument(path[i] === "`", `Invalid field path: ${path}`);
      i++;
    } else {
      while (i < path.length && path[i] !== ".") segment += path[i++];
    }
    assertArgument(segment.length > 0, `Invalid field path: ${path}`);
    segments.push(segment);
    if (i === path.length) break;
    assertArgument(path[i] === ".", `Invalid field path: ${path}`);
    i++;
  }
  return segments;
}

/** The value at `segments` inside `fields`, or undefined when any step is missing or not a map. */
export function getField(fields: Fields | undefined, segments: readonly string[]): Value | undefined {
  let current: Fields | undefined = fields;
  for (let i = 0; i < segments.length; i++) {
    const value: Value | undefined = current?.[segments[i] as string];
    if (value === undefined || i === segments.length - 1) return value;
    if (value.mapValue === undefined) return undefined;
    current = value.mapValue.fields;
  }
  return undefined;
}

/** Sets the value at `segments`, replacing non-map intermediates by maps as the service does. */
export function setField(fields: Fields, segments: readonly string[], value: Value): void {
  let current = fields;
  for (let i = 0; i < segments.length - 1; i++) {
    const key = segments[i] as string;
    let next = current[key];
    if (next?.mapValue === undefined) {
      next = { valueType: "mapValue", mapValue: { fields: {} } };
      current[key] = next;
    }
    next.mapValue ??= {};
    next.mapValue.fields ??= {};
    current = next.mapValue.fields;
  }
  current[segments[segments.length - 1] as string] = value;
}

/** Removes the value at `segments` if present. */
export function deleteField(fields: Fields, segments: readonly string[]): void {
  let current: Fields | undefined = fields;
  for (let i = 0; i < segments.length - 1; i++) {
    current = current?.[segments[i] as string]?.mapValue?.fields;
    if (current === undefined) return;
  }
  Reflect.deleteProperty(current, segments[segments.length - 1] as string);
}

/** Keeps only the listed field paths (a document mask / projection). */
export function projectFields(fields: Fields | undefined, paths: readonly string[][]): Fields {
  const projected: Fields = {};
  for (const segments of paths) {
    const value = getField(fields, segments);
    if (value !== undefined) setField(projected, segments, value);
  }
  return projected;
}
