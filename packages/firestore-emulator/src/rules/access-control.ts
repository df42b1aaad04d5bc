import { status } from "@grpc/grpc-js";
import type { Decision, Ruleset } from "@partner-api/rules-engine";
import type { Caller } from "../caller.js";
import type { Micros } from "../store/clock.js";
import type { DatabaseState, StoredDocument } from "../store/document-store.js";
import { FirestoreError } from "../errors.js";
import { parseDatabaseName } from "../store/resource-names.js";
import { rulesPath, rulesTime, toRulesData, toRulesValue } from "./rules-values.js";
import type { SecurityRules } from "./security-rules.js";
import type { Filter, StructuredQuery } from "../types.js";

// Judges client requests by the project's loaded security rules through packages/rules-engine, the way
// the service does: reads of named documents are `get`, queries are `list` judged on the query alone
// (rules are not filters), and each write of a batch is `create`, `update` or `delete`, all of which must
// pass. Privileged callers, and projects without loaded rules, are not judged.

type Method = "get" | "list" | "create" | "update" | "delete";

/** The rules a caller is judged by in a database, or undefined when nothing is judged. */
function rulesFor(rules: SecurityRules, caller: Caller, database: string): Ruleset | undefined {
  if (caller.kind === "privileged") return undefined;
  return rules.forProject(parseDatabaseName(database).projectId);
}

/** Engine errors in the words the official emulator uses, so denial details read the same. */
function officialWording(error: string): string {
  if (/^cannot read field .* of null$/.test(error)) return "Null value error.";
  const undefinedProperty = /^property "(.*)" is undefined on the map$/.exec(error);
  if (undefinedProperty) return `Property ${undefinedProperty[1]} is undefined on object.`;
  return error;
}

/** PERMISSION_DENIED with the official emulator's detail: each allow tried, e.g. `false for 'create' @ L75`. */
function denial(method: Method, decision: Decision): FirestoreError {
  const detail = decision.judged
    .map(
      ({ line, error }) => `${error === null ? "false" : officialWording(error)} for '${method}' @ L${line}`,
    )
    .join(", ");
  return new FirestoreError(status.PERMISSION_DENIED, detail || "Missing or insufficient permissions.");
}

/**
 * The database as `get()`/`exists()` see it: looked up per path on demand, since the engine takes a
 * record of documents and copying a whole database per request would cost O(N). `overrides` (a pending
 * batch's documents, null for deleted) shadow the stored state.
 */
function documentsView(
  state: DatabaseState,
  database: string,
  time: Micros,
  overrides?: ReadonlyMap<string, StoredDocument | null>,
): Record<string, Record<string, unknown>> {
  const prefix = `${rulesPath(database, "")}/`;
  const lookup = (key: string | symbol) => {
    if (typeof key !== "string" || !key.startsWith(prefix)) return undefined;
    const path = key.slice(prefix.length);
    const doc = overrides?.has(path) ? overrides.get(path) : state.get(path, time);
    return doc ? toRulesData(doc.fields) : undefined;
  };
  return new Proxy({} as Record<string, Record<string, unknown>>, {
    get: (_target, key) => lookup(key),
    has: (_target, key) => lookup(key) !== undefined,
  });
}

interface Judgement {
  readonly ruleset: Ruleset;
  readonly caller: Caller & { kind: "user" | "anonymous" };
  readonly state: DatabaseState;
  readonly database: string;
  readonly time: Micros;
}

function evaluate(
  { ruleset, caller, state, database, time }: Judgement,
  request: {
    path: string;
    method: Method;
    resource?: StoredDocument | null;
    requestResource?: StoredDocument | null;
    query?: ReturnType<typeof rulesQuery>;
    collectionGroup?: boolean;
    overrides?: ReadonlyMap<string, StoredDocument | null>;
    batchSize?: number;
  },
): void {
  const documents = documentsView(state, database, time);
  let decision: Decision;
  try {
    decision = ruleset.evaluate({
      path: rulesPath(database, request.path),
      method: request.method,
      auth: caller.kind === "user" ? caller.auth : null,
      resource: request.resource ? toRulesData(request.resource.fields) : null,
      requestResource: request.requestResource ? toRulesData(request.requestResource.fields) : null,
      ...(request.query === undefined ? {} : { query: request.query }),
      ...(request.collectionGroup ? { collectionGroup: true } : {}),
      time: rulesTime(time),
      documents,
      documentsAfter: request.overrides ? documentsView(state, database, time, request.overrides) : documents,
      ...(request.batchSize === undefined ? {} : { batchSize: request.batchSize }),
    });
  } catch (error) {
    // A request the engine cannot put to the rules (e.g. a query of more disjunctions than the service
    // allows) is the client's to fix: never an INTERNAL the SDKs would retry.
    throw new FirestoreError(
      status.INVALID_ARGUMENT,
      `The security rules cannot judge this request: ${(error as Error).message}`,
    );
  }
  if (!decision.allowed) throw denial(request.method, decision);
}

function judgement(
  rules: SecurityRules,
  caller: Caller,
  state: DatabaseState,
  database: string,
  time: Micros,
): Judgement | undefined {
  const ruleset = rulesFor(rules, caller, database);
  if (ruleset === undefined || caller.kind === "privileged") return undefined;
  return { ruleset, caller, state, database, time };
}

/** Judges reads of named documents (BatchGetDocuments, Listen document targets) as `get`s at `time`. */
export function authorizeGets(
  rules: SecurityRules,
  caller: Caller,
  state: DatabaseState,
  database: string,
  paths: readonly string[],
  time: Micros,
): void {
  const judge = judgement(rules, caller, state, database, time);
  if (judge === undefined) return;
  for (const path of paths) evaluate(judge, { path, method: "get", resource: state.get(path, time) });
}

const OPERATORS: Record<string, string> = {
  LESS_THAN: "<",
  LESS_THAN_OR_EQUAL: "<=",
  GREATER_THAN: ">",
  GREATER_THAN_OR_EQUAL: ">=",
  EQUAL: "==",
  NOT_EQUAL: "!=",
  ARRAY_CONTAINS: "array-contains",
  IN: "in",
  ARRAY_CONTAINS_ANY: "array-contains-any",
  NOT_IN: "not-in",
};

/**
 * The where-clauses rules can rely on: the conjunction at the top of the filter. An OR offers no clause
 * that holds for every result, so its branches add none (a rule needing them denies).
 */
function whereClauses(filter: Filter | undefined): [string, string, unknown][] {
  if (filter === undefined) return [];
  if (filter.compositeFilter !== undefined) {
    return filter.compositeFilter.op === "OR"
      ? []
      : (filter.compositeFilter.filters ?? []).flatMap(whereClauses);
  }
  if (filter.fieldFilter !== undefined) {
    const { field, op = "", value } = filter.fieldFilter;
    const operator = OPERATORS[op];
    return operator && value ? [[field?.fieldPath ?? "", operator, toRulesValue(value)]] : [];
  }
  const unary = filter.unaryFilter;
  if (unary?.op === "IS_NULL") return [[unary.field?.fieldPath ?? "", "==", null]];
  if (unary?.op === "IS_NOT_NULL") return [[unary.field?.fieldPath ?? "", "!=", null]];
  return [];
}

/** `request.query` of a structured query: where-clauses, order, limit and offset. */
function rulesQuery(query: StructuredQuery) {
  return {
    ...(query.limit?.value === undefined ? {} : { limit: query.limit.value }),
    ...(query.offset === undefined ? {} : { offset: query.offset }),
    orderBy: (query.orderBy ?? []).map((order): [string, "asc" | "desc"] => [
      order.field?.fieldPath ?? "",
      order.direction === "DESCENDING" ? "desc" : "asc",
    ]),
    where: whereClauses(query.where),
  };
}

/**
 * Judges a query (RunQuery, RunAggregationQuery, Listen query targets) as a `list` of its collection; a
 * collection-group query (`allDescendants`) as one, which only a `{path=**}` match can allow.
 */
export function authorizeList(
  rules: SecurityRules,
  caller: Caller,
  state: DatabaseState,
  database: string,
  parentPath: string,
  query: StructuredQuery,
  time: Micros,
): void {
  const judge = judgement(rules, caller, state, database, time);
  if (judge === undefined) return;
  const collectionId = query.from?.[0]?.collectionId ?? "";
  const path = parentPath === "" ? collectionId : `${parentPath}/${collectionId}`;
  const collectionGroup = query.from?.[0]?.allDescendants === true;
  evaluate(judge, { path, method: "list", query: rulesQuery(query), collectionGroup });
}

/** One write of a batch, as rules see it. */
export interface WriteAccess {
  readonly path: string;
  /** `get` for a transaction's verify of a document it read. */
  readonly kind: "write" | "delete" | "verify";
  /** The document before the batch. */
  readonly before: StoredDocument | null;
  /** The document after this write (server values resolved at the commit time). */
  readonly after: StoredDocument | null;
}

/**
 * Judges a batch at its commit time: every write must be allowed. `get()`/`exists()` see the state
 * before the batch; `getAfter()`/`existsAfter()` see it with the whole batch applied (`pending`).
 */
export function authorizeWrites(
  rules: SecurityRules,
  caller: Caller,
  state: DatabaseState,
  database: string,
  writes: readonly WriteAccess[],
  pending: ReadonlyMap<string, StoredDocument | null>,
  commitTime: Micros,
): void {
  const judge = judgement(rules, caller, state, database, commitTime);
  if (judge === undefined) return;
  for (const write of writes) {
    const method: Method =
      write.kind === "verify"
        ? "get"
        : write.kind === "delete"
          ? "delete"
          : write.before === null
            ? "create"
            : "update";
    evaluate(judge, {
      path: write.path,
      method,
      resource: write.before,
      requestResource: method === "create" || method === "update" ? write.after : null,
      overrides: pending,
      batchSize: writes.length,
    });
  }
}

/** RPCs no rule can grant (the service serves them to admin credentials only): denied to clients. */
export function authorizePrivileged(
  rules: SecurityRules,
  caller: Caller,
  database: string,
  rpc: string,
): void {
  if (rulesFor(rules, caller, database) === undefined) return;
  throw new FirestoreError(status.PERMISSION_DENIED, `${rpc} is served to admin credentials only.`);
}
