import type { Expectation, ListQuery, MatrixCase, Operation } from "./operations.js";
import { entryData, requestTime, type Actor, type Data } from "./world.js";

/** Collects matrix rows; each row's name is the actor's label followed by the behaviour it pins. */
export function matrixRows() {
  const rows: MatrixCase[] = [];
  const add = (expect: Expectation) => (actor: Actor, behaviour: string, op: Operation) => {
    rows.push({ name: `${actor.label} ${behaviour}`, actor, op, expect });
  };
  return { rows: rows as readonly MatrixCase[], allows: add("allow"), denies: add("deny") };
}

/** A new entry as a direct client must write it; `overrides` replace fields, `without` drops them. */
export function newEntry(overrides: Data = {}, without: readonly string[] = [], partnerId = "acme"): Data {
  const entry = entryData(partnerId, requestTime(), overrides);
  return Object.fromEntries(Object.entries(entry).filter(([key]) => !without.includes(key)));
}

/** A document read. */
export const get = (path: string): Operation => ({ kind: "get", path });
/** A `set()`: a create when the document is new, else an update. */
export const set = (path: string, data: Data): Operation => ({ kind: "set", path, data });
/** A new acme entry, by default at partners/acme/entries/e-new. */
export const create = (data: Data, path = "partners/acme/entries/e-new"): Operation => set(path, data);
/** A collection query. */
export const list = (collection: string, query: ListQuery = {}): Operation => ({
  kind: "list",
  collection,
  query,
});
/** A snapshot listener on one document. */
export const listen = (path: string): Operation => ({ kind: "listen", path });
/** A snapshot listener on a query. */
export const listenQuery = (collection: string, query: ListQuery = {}): Operation => ({
  kind: "listenQuery",
  collection,
  query,
});
/** A transaction: reads `reads`, then sets `sets` (reads left unwritten are verified at commit). */
export const transaction = (
  reads: readonly string[],
  ...sets: { path: string; data: Data }[]
): Operation => ({ kind: "transaction", reads, sets });
/** A batched write of `set()`s, committed atomically. */
export const batch = (...sets: { path: string; data: Data }[]): Operation => ({ kind: "batch", sets });
/** A Storage upload, new or over an existing object (both judged by `allow create`). */
export const upload = (
  name: string,
  size: number,
  contentType: string,
  customMetadata?: Record<string, string>,
): Operation => ({
  kind: "storage.upload",
  name,
  size,
  contentType,
  ...(customMetadata && { customMetadata }),
});
