import { parseFieldPath } from "../store/field-paths.js";

// A project's index configuration in the form `firebase deploy` reads from firestore.indexes.json (and
// `firebase firestore:indexes` prints): composite indexes, and field overrides that replace the automatic
// single-field indexes of one field of one collection group.

export type QueryScope = "COLLECTION" | "COLLECTION_GROUP";
export type Order = "ASCENDING" | "DESCENDING";

/** One field of an index: ordered, or array-contains. */
export type IndexField = { fieldPath: string; order: Order } | { fieldPath: string; arrayConfig: "CONTAINS" };

/** A composite index as firestore.indexes.json declares it (`__name__` last is optional, implied). */
export interface CompositeIndex {
  collectionGroup: string;
  queryScope: QueryScope;
  fields: IndexField[];
}

/** One single-field index a field override keeps or adds. */
export type SingleFieldIndex = ({ order: Order } | { arrayConfig: "CONTAINS" }) & { queryScope: QueryScope };

/** A field override: exactly these single-field indexes for this field (and its map subfields). */
export interface FieldOverride {
  collectionGroup: string;
  fieldPath: string;
  ttl?: boolean;
  indexes: SingleFieldIndex[];
}

export interface IndexConfiguration {
  indexes: CompositeIndex[];
  fieldOverrides: FieldOverride[];
}

/** A firestore.indexes.json the emulator cannot take; the message names the entry. */
export class IndexConfigurationError extends Error {
  override name = "IndexConfigurationError";
}

const ORDERS = new Set(["ASCENDING", "DESCENDING"]);
const SCOPES = new Set(["COLLECTION", "COLLECTION_GROUP"]);

function fail(where: string, problem: string): never {
  throw new IndexConfigurationError(`${where}: ${problem}`);
}

function record(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) fail(where, "expected an object");
  return value as Record<string, unknown>;
}

function text(value: unknown, where: string): string {
  if (typeof value !== "string" || value === "") fail(where, "expected a non-empty string");
  return value;
}

function list(value: unknown, where: string): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) fail(where, "expected an array");
  return value;
}

function fieldPath(value: unknown, where: string): string {
  const path = text(value, where);
  try {
    parseFieldPath(path);
  } catch {
    fail(where, `not a field path: ${path}`);
  }
  return path;
}

function queryScope(value: unknown, where: string): QueryScope {
  if (value === undefined) return "COLLECTION";
  if (!SCOPES.has(value as string)) fail(where, "queryScope must be COLLECTION or COLLECTION_GROUP");
  return value as QueryScope;
}

/** An index field's mode: `order` or `arrayConfig`; null for vector and search fields (not emulated). */
function mode(
  entry: Record<string, unknown>,
  where: string,
): { order: Order } | { arrayConfig: "CONTAINS" } | null {
  if (entry.order !== undefined) {
    if (!ORDERS.has(entry.order as string)) fail(where, "order must be ASCENDING or DESCENDING");
    return { order: entry.order as Order };
  }
  if (entry.arrayConfig !== undefined) {
    if (entry.arrayConfig !== "CONTAINS") fail(where, "arrayConfig must be CONTAINS");
    return { arrayConfig: "CONTAINS" };
  }
  if (entry.vectorConfig !== undefined || entry.searchConfig !== undefined) return null;
  fail(where, "needs order or arrayConfig");
}

function compositeIndex(value: unknown, where: string): CompositeIndex | null {
  const entry = record(value, where);
  const collectionGroup = text(entry.collectionGroup ?? entry.collectionId, `${where}.collectionGroup`);
  const fields: IndexField[] = [];
  let served = true;
  const declared = list(entry.fields, `${where}.fields`);
  if (declared.length === 0) fail(`${where}.fields`, "an index needs fields");
  declared.forEach((raw, i) => {
    const at = `${where}.fields[${i}]`;
    const field = record(raw, at);
    const path = fieldPath(field.fieldPath, `${at}.fieldPath`);
    const fieldMode = mode(field, at);
    if (fieldMode === null) served = false;
    else fields.push({ fieldPath: path, ...fieldMode });
  });
  // Vector and full-text indexes serve queries this emulator does not run; they are accepted and unused.
  return served
    ? { collectionGroup, queryScope: queryScope(entry.queryScope, `${where}.queryScope`), fields }
    : null;
}

function fieldOverride(value: unknown, where: string): FieldOverride {
  const entry = record(value, where);
  if (entry.ttl !== undefined && typeof entry.ttl !== "boolean") fail(`${where}.ttl`, "expected a boolean");
  const indexes = list(entry.indexes, `${where}.indexes`).flatMap((raw, i): SingleFieldIndex[] => {
    const at = `${where}.indexes[${i}]`;
    const index = record(raw, at);
    const indexMode = mode(index, at);
    return indexMode === null
      ? []
      : [{ ...indexMode, queryScope: queryScope(index.queryScope, `${at}.queryScope`) }];
  });
  return {
    collectionGroup: text(entry.collectionGroup, `${where}.collectionGroup`),
    fieldPath: fieldPath(entry.fieldPath, `${where}.fieldPath`),
    ...(entry.ttl === undefined ? {} : { ttl: entry.ttl as boolean }),
    indexes,
  };
}

/** Parses and checks firestore.indexes.json's content (as firebase-tools checks it before deploying). */
export function parseIndexConfiguration(source: string): IndexConfiguration {
  let json: unknown;
  try {
    json = JSON.parse(source);
  } catch (error) {
    throw new IndexConfigurationError(`not JSON: ${(error as Error).message}`);
  }
  const root = record(json, "firestore.indexes.json");
  const indexes = list(root.indexes, "indexes").flatMap(
    (raw, i) => compositeIndex(raw, `indexes[${i}]`) ?? [],
  );
  const fieldOverrides = list(root.fieldOverrides, "fieldOverrides").map((raw, i) =>
    fieldOverride(raw, `fieldOverrides[${i}]`),
  );
  return { indexes, fieldOverrides };
}

/**
 * The index configuration loaded per project. A project without one serves every query, as the official
 * emulator does; loading a file that does not parse keeps the previous configuration.
 */
export class IndexConfigurations {
  private readonly byProject = new Map<string, IndexConfiguration>();

  /** Parses and installs a project's firestore.indexes.json; throws IndexConfigurationError if invalid. */
  load(projectId: string, source: string): void {
    this.byProject.set(projectId, parseIndexConfiguration(source));
  }

  /** Stops enforcing indexes for a project. */
  unload(projectId: string): void {
    this.byProject.delete(projectId);
  }

  /** The configuration in force for a project, if one was loaded. */
  forProject(projectId: string): IndexConfiguration | undefined {
    return this.byProject.get(projectId);
  }
}
