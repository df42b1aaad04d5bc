import { assertArgument } from "../errors.js";
import type { Fields, Value } from "../types.js";
import { kindOf } from "./values.js";

// The service's limits on one document ("Quotas and limits": collections, documents, and fields), and its
// "Storage size calculations", by which the document size is counted.

/** Maximum size of a document, as the service counts it. */
export const MAX_DOCUMENT_BYTES = 1024 * 1024;
/** Maximum depth of fields in a map or array: a top-level field is at depth 1, each map or array adds one. */
export const MAX_FIELD_DEPTH = 20;
/** Maximum size of a field name. */
const MAX_FIELD_NAME_BYTES = 1500;
/** Maximum number of writes in one Commit, one Write-stream request or one BatchWrite. */
export const MAX_WRITES_PER_REQUEST = 500;

const stringSize = (text: string) => Buffer.byteLength(text) + 1;

/** Document name size: each collection and document id's string size, plus 16 bytes. */
function nameSize(path: string): number {
  return path.split("/").reduce((sum, segment) => sum + stringSize(segment), 16);
}

function valueSize(value: Value): number {
  switch (kindOf(value)) {
    case "nullValue":
    case "booleanValue":
      return 1;
    case "integerValue":
    case "doubleValue":
    case "timestampValue":
      return 8;
    case "geoPointValue":
      return 16;
    case "stringValue":
      return stringSize(value.stringValue ?? "");
    case "bytesValue":
      return value.bytesValue?.length ?? 0;
    case "referenceValue":
      return nameSize(
        (value.referenceValue ?? "").replace(/^projects\/[^/]+\/databases\/[^/]+\/documents\//, ""),
      );
    case "arrayValue":
      return (value.arrayValue?.values ?? []).reduce((sum, v) => sum + valueSize(v), 0);
    default:
      return fieldsSize(value.mapValue?.fields ?? {});
  }
}

function fieldsSize(fields: Fields): number {
  let size = 0;
  for (const [name, value] of Object.entries(fields)) size += stringSize(name) + valueSize(value);
  return size;
}

/** The document's size as the service counts it: name, each field name and value, and 32 bytes. */
export function documentSize(path: string, fields: Fields): number {
  return nameSize(path) + fieldsSize(fields) + 32;
}

/**
 * Throws INVALID_ARGUMENT unless every value is within `MAX_FIELD_DEPTH` and every field name within
 * 1,500 bytes. Runs before anything recurses through incoming fields, and stops at the first level too
 * deep, so no nesting a client sends can exhaust the stack.
 */
export function checkFields(name: string, fields: Fields, depth = 1): void {
  for (const [field, value] of Object.entries(fields)) {
    assertArgument(
      Buffer.byteLength(field) <= MAX_FIELD_NAME_BYTES,
      `A field name in ${name} is longer than ${MAX_FIELD_NAME_BYTES} bytes.`,
    );
    checkValueDepth(name, value, depth);
  }
}

/** A map or array at `depth` holds values at `depth + 1`, which must not pass the limit. */
function checkValueDepth(name: string, value: Value, depth: number): void {
  const items = value.arrayValue?.values;
  const fields = value.mapValue?.fields;
  if (items === undefined && fields === undefined) return;
  const childCount = (items ?? []).length + Object.keys(fields ?? {}).length;
  assertArgument(
    childCount === 0 || depth < MAX_FIELD_DEPTH,
    `${name} has a value nested deeper than ${MAX_FIELD_DEPTH} levels of maps and arrays.`,
  );
  for (const item of items ?? []) checkValueDepth(name, item, depth + 1);
  if (fields !== undefined) checkFields(name, fields, depth + 1);
}

/** Throws INVALID_ARGUMENT for a document over the size limit. */
export function checkDocumentSize(name: string, path: string, fields: Fields): void {
  const size = documentSize(path, fields);
  assertArgument(
    size <= MAX_DOCUMENT_BYTES,
    `Document ${name} cannot be written because its size (${size} bytes) exceeds the maximum allowed size of ${MAX_DOCUMENT_BYTES} bytes.`,
  );
}

/** Throws INVALID_ARGUMENT for a request with more writes than the service takes at once. */
export function checkWriteCount(count: number): void {
  assertArgument(
    count <= MAX_WRITES_PER_REQUEST,
    `A request may contain at most ${MAX_WRITES_PER_REQUEST} writes, not ${count}.`,
  );
}
