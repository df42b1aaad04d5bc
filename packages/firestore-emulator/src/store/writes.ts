import { fromTimestamp, toTimestamp, type Micros } from "./clock.js";
import type { StoredDocument } from "./document-store.js";
import { alreadyExists, assertArgument, failedPrecondition, invalidArgument, notFound } from "../errors.js";
import { checkDocumentSize, checkFields } from "./document-limits.js";
import { deleteField, getField, parseFieldPath, setField } from "./field-paths.js";
import { documentPath, parseDocumentName } from "./resource-names.js";
import { applyTransform } from "./transforms.js";
import type { Fields, Precondition, Write, WriteResult } from "../types.js";
import { fieldsIdentical } from "./values.js";

/** The outcome of applying one write: the document's next state and what the client is told. */
export interface AppliedWrite {
  readonly path: string;
  readonly doc: StoredDocument | null;
  /** False for a write that left the document as it was; no new version is stored then. */
  readonly changed: boolean;
  readonly result: WriteResult;
}

/** The name a write targets, whatever its kind. */
export function writeTarget(write: Write): string {
  const name = write.update?.name ?? write.delete ?? write.verify ?? write.transform?.document;
  assertArgument(name, "A write must name a document.");
  return name;
}

function checkPrecondition(
  name: string,
  precondition: Precondition | undefined,
  current: StoredDocument | null,
  afterEarlierWrite: boolean,
) {
  if (precondition === undefined) return;
  // A precondition is checked against the earlier writes of the same commit; one they already decide
  // against (an update after a delete) is a malformed request, which the service answers INVALID_ARGUMENT.
  if (afterEarlierWrite) {
    try {
      checkPrecondition(name, precondition, current, false);
    } catch {
      throw invalidArgument(
        `The precondition of a write to ${name} fails after an earlier write to it in the same commit.`,
      );
    }
    return;
  }
  if (precondition.exists === true && current === null) throw notFound(`No document to update: ${name}`);
  if (precondition.exists === false && current !== null)
    throw alreadyExists(`Document already exists: ${name}`);
  if (precondition.updateTime !== undefined) {
    if (current === null || current.updateTime !== fromTimestamp(precondition.updateTime)) {
      throw failedPrecondition(`The document ${name} does not have the required update time.`);
    }
  }
}

/** The fields after the update part of a write: a replacement, or a merge along the update mask. */
function updatedFields(write: Write, current: StoredDocument | null): Fields {
  const incoming = write.update?.fields ?? {};
  if (write.update === undefined) return structuredClone(current?.fields ?? {});
  if (write.updateMask === undefined) return structuredClone(incoming);
  const fields = structuredClone(current?.fields ?? {});
  // A masked path absent from the incoming fields is a delete (FieldValue.delete() and merge semantics).
  for (const fieldPath of write.updateMask.fieldPaths ?? []) {
    const path = parseFieldPath(fieldPath);
    const value = getField(incoming, path);
    if (value === undefined) deleteField(fields, path);
    else setField(fields, path, structuredClone(value));
  }
  return fields;
}

/**
 * Applies one write to the current state of its document at `commitTime`, enforcing its precondition
 * (`afterEarlierWrite`: that state comes from an earlier write of the same commit).
 * Pure: it returns the next state and leaves storing it to the caller, so a batch can fail atomically.
 */
export function applyWrite(
  write: Write,
  current: StoredDocument | null,
  commitTime: Micros,
  afterEarlierWrite = false,
): AppliedWrite {
  const name = writeTarget(write);
  const path = documentPath(parseDocumentName(name));
  const transforms = write.updateTransforms ?? write.transform?.fieldTransforms ?? [];
  // Before anything recurses through incoming values.
  checkFields(name, write.update?.fields ?? {});
  for (const { appendMissingElements, removeAllFromArray } of transforms)
    checkFields(name, { elements: { arrayValue: appendMissingElements ?? removeAllFromArray ?? {} } });
  checkPrecondition(name, write.currentDocument, current, afterEarlierWrite);

  if (write.delete !== undefined) {
    return { path, doc: null, changed: current !== null, result: { transformResults: [] } };
  }
  if (write.verify !== undefined) {
    return {
      path,
      doc: current,
      changed: false,
      result: { updateTime: toTimestamp(commitTime), transformResults: [] },
    };
  }

  const fields = updatedFields(write, current);
  const transformResults = transforms.map((transform) => applyTransform(fields, transform, commitTime));

  if (current !== null && fieldsIdentical(current.fields, fields)) {
    // The service keeps the previous update time for a write that changes nothing.
    return {
      path,
      doc: current,
      changed: false,
      result: { updateTime: toTimestamp(current.updateTime), transformResults },
    };
  }
  checkFields(name, fields);
  checkDocumentSize(name, path, fields);
  const doc: StoredDocument = {
    path,
    fields,
    createTime: current?.createTime ?? commitTime,
    updateTime: commitTime,
  };
  return { path, doc, changed: true, result: { updateTime: toTimestamp(commitTime), transformResults } };
}
