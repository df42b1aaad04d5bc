import { assertArgument } from "../errors.js";
import { numericId } from "./values.js";

/** A parsed `projects/{p}/databases/{d}/documents/...` name. */
export interface ResourceName {
  /** `projects/{p}/databases/{d}`: the key of one database's state. */
  database: string;
  projectId: string;
  /** Path segments below `documents`, empty for the database root. */
  segments: string[];
}

const pattern = /^projects\/([^/]+)\/databases\/([^/]+)\/documents(?:\/(.*))?$/;

/** The service's limits on names ("Quotas and limits": collections, documents, and fields). */
const MAX_ID_BYTES = 1500;
const MAX_NAME_BYTES = 6 * 1024;
const MAX_SEGMENTS = 200; // 100 levels of subcollections, two segments each

/**
 * Why a collection or document id is refused, or null: ids are 1..1,500 bytes of UTF-8, not `.` or `..`,
 * and `__…__` is reserved except for the numeric ids `__id<int64>__`.
 */
function idProblem(id: string): string | null {
  if (id === "") return "an empty id";
  if (id === "." || id === "..") return `the id "${id}"`;
  if (Buffer.byteLength(id) > MAX_ID_BYTES) return `an id longer than ${MAX_ID_BYTES} bytes`;
  if (/^__.*__$/s.test(id) && numericId(id) === undefined) return `the reserved id "${id}"`;
  return null;
}

/** Parses a document, collection or root name; throws INVALID_ARGUMENT for anything else. */
export function parseName(name: string): ResourceName {
  const match = pattern.exec(name);
  assertArgument(match, `Invalid resource name: ${name}`);
  const [, projectId = "", databaseId = "", rest] = match;
  assertArgument(
    Buffer.byteLength(rest ?? "") <= MAX_NAME_BYTES,
    `Resource name ${name.slice(0, 200)}… is longer than ${MAX_NAME_BYTES} bytes.`,
  );
  const segments = rest === undefined || rest === "" ? [] : rest.split("/");
  assertArgument(segments.length <= MAX_SEGMENTS, `Resource name ${name.slice(0, 200)}… is too deep.`);
  for (const segment of segments) {
    const problem = idProblem(segment);
    assertArgument(problem === null, `Resource name ${name} has ${problem}.`);
  }
  return { database: `projects/${projectId}/databases/${databaseId}`, projectId, segments };
}

/** Parses a document name: an even, non-zero number of segments. */
export function parseDocumentName(name: string): ResourceName {
  const parsed = parseName(name);
  assertArgument(
    parsed.segments.length > 0 && parsed.segments.length % 2 === 0,
    `Document name must have an even number of path segments: ${name}`,
  );
  return parsed;
}

/** Parses a `database` request field (`projects/{p}/databases/{d}`). */
export function parseDatabase(database: string): string {
  assertArgument(/^projects\/[^/]+\/databases\/[^/]+$/.test(database), `Invalid database: ${database}`);
  return database;
}

/** The project and database id of a `projects/{p}/databases/{d}` name. */
export function parseDatabaseName(database: string): { projectId: string; databaseId: string } {
  const [, projectId = "", , databaseId = ""] = database.split("/");
  return { projectId, databaseId };
}

/** The relative path of a document (`a/b/c/d`) from its full name. */
export function documentPath(name: ResourceName): string {
  return name.segments.join("/");
}

/** The full name of a document from its database and relative path. */
export function documentName(database: string, path: string): string {
  return `${database}/documents/${path}`;
}

/**
 * The lock key standing for every query over collections named `collectionId` in a database. A read-write
 * transaction's query takes it and every write to such a collection needs it, so a document appearing in
 * (or leaving) a transaction's query results conflicts with that transaction: no phantoms. Coarser than
 * the service's index-range locks, so it may serialize more, but never lets an anomaly through.
 */
export function queryLockKey(database: string, collectionId: string): string {
  return `${database}/queries/${collectionId}`;
}

/** The lock keys a write to the document `name` conflicts with: the document and its collection's queries. */
export function writeLockKeys(name: string): string[] {
  const parsed = parseDocumentName(name);
  return [name, queryLockKey(parsed.database, parsed.segments[parsed.segments.length - 2] as string)];
}
