// Builds the `request` and `resource` globals each service exposes, and serves document reads.
// Firestore: https://firebase.google.com/docs/reference/rules/rules.firestore.Request and
//            https://firebase.google.com/docs/reference/rules/rules.firestore.Resource
// Storage:   https://firebase.google.com/docs/reference/rules/rules.firebase.storage.Request and
//            https://firebase.google.com/docs/reference/rules/rules.firebase.storage.Resource
import type { Method, ServiceName } from "./ast.js";
import { RuleError } from "./errors.js";
import type { DocumentCall, Host } from "./evaluator.js";
import { toValue } from "./from-js.js";
import { requestSegments } from "./matcher.js";
import { MapValue, PathValue, TimestampValue, type Value } from "./values.js";

/** One request to judge; the public contract of Ruleset.evaluate. */
export interface RulesRequest {
  path: string;
  method: Method;
  auth: null | { uid: string; token: Record<string, unknown> };
  resource?: Record<string, unknown> | null;
  requestResource?: Record<string, unknown> | null;
  query?: {
    limit?: number;
    offset?: number;
    orderBy?: [string, "asc" | "desc"][];
    where?: [string, string, unknown][];
  };
  /**
   * For `list`: the query is a collection-group query (`allDescendants`) over the collections named by the
   * path's last segment anywhere below the rest of it, so only a match through a recursive wildcard
   * (`{path=**}`) can allow it, as on the service.
   */
  collectionGroup?: boolean;
  /** `request.time`; a TimestampValue keeps sub-millisecond precision (the service's commit times have it). */
  time?: Date | TimestampValue;
  documents?: Record<string, Record<string, unknown>>;
  documentsAfter?: Record<string, Record<string, unknown>>;
  batchSize?: number;
}

/** Document reads allowed per request, and for batched writes and transactions (rules "Limits"). */
export const ACCESS_LIMIT = 10;
export const BATCH_ACCESS_LIMIT = 20;

/** A Firestore document as rules see it: `data`, `id` and `__name__`. */
export function firestoreResource(path: string, data: Record<string, unknown>): MapValue {
  const name = PathValue.parse(path);
  return MapValue.from({
    data: toValue(data),
    id: (name.segments[name.segments.length - 1] as string | undefined) ?? "",
    __name__: name,
  });
}

function authValue(auth: RulesRequest["auth"]): Value {
  if (!auth) return null;
  return MapValue.from({ uid: auth.uid, token: toValue(auth.token) });
}

/** The `request` map shared by both services, plus service-specific fields. */
export function requestValue(service: ServiceName, req: RulesRequest, extra: { query?: Value }): MapValue {
  const fields: Record<string, Value> = {
    auth: authValue(req.auth),
    method: req.method,
    path: new PathValue(requestSegments(req.path)),
    time: req.time instanceof TimestampValue ? req.time : TimestampValue.fromDate(req.time ?? new Date()),
    resource: null,
  };
  if (req.requestResource && (req.method === "create" || req.method === "update")) {
    fields.resource =
      service === "cloud.firestore"
        ? firestoreResource(req.path, req.requestResource)
        : toValue(req.requestResource);
  }
  if (extra.query !== undefined) fields.query = extra.query;
  return MapValue.from(fields);
}

/** `request.query` of a list: limit, offset and orderBy as a map of field to "ASC"/"DESC". */
export function queryValue(query: RulesRequest["query"]): Value {
  const fields: Record<string, Value> = {};
  if (query?.limit !== undefined) fields.limit = toValue(query.limit);
  if (query?.offset !== undefined) fields.offset = toValue(query.offset);
  if (query?.orderBy) {
    fields.orderBy = MapValue.from(
      Object.fromEntries(query.orderBy.map(([f, dir]) => [f, dir.toUpperCase()])),
    );
  }
  return MapValue.from(fields);
}

/** Serves get()/exists()/getAfter()/existsAfter() and enforces the per-request access limit. */
export class DocumentReader {
  private readonly accessed = new Set<string>();
  private readonly limit: number;
  private after: Record<string, Record<string, unknown>> | null = null;

  constructor(private readonly req: RulesRequest) {
    this.limit = (req.batchSize ?? 1) > 1 ? BATCH_ACCESS_LIMIT : ACCESS_LIMIT;
  }

  /** Without an explicit after-state, it is the current state with this request's write applied. */
  private pendingState(): Record<string, Record<string, unknown>> {
    const { path, method, requestResource, documents = {} } = this.req;
    if (!path.startsWith("/databases/")) return documents;
    const state = Object.entries(documents).filter(([key]) => key !== path);
    if (requestResource && (method === "create" || method === "update")) state.push([path, requestResource]);
    else if (method !== "delete" && documents[path]) state.push([path, documents[path]]);
    return Object.fromEntries(state);
  }

  read(call: DocumentCall, path: PathValue): Value {
    if (path.segments.some((s) => typeof s !== "string"))
      throw new RuleError(`${call}() of an unbound path ${path}`);
    const key = path.toString();
    const after = call === "getAfter" || call === "existsAfter";
    // Repeated reads of one document are served from the same snapshot and count once.
    const id = (after ? "after:" : "") + key;
    if (!this.accessed.has(id)) {
      if (this.accessed.size >= this.limit) {
        throw new RuleError(`document access limit of ${this.limit} exceeded by ${call}(${key})`);
      }
      this.accessed.add(id);
    }
    const state = after
      ? (this.after ??= this.req.documentsAfter ?? this.pendingState())
      : this.req.documents;
    const data = state?.[key];
    if (call === "exists" || call === "existsAfter") return data !== undefined;
    return data === undefined ? null : firestoreResource(key, data);
  }
}

/** Builds the evaluator host for one request. */
export function hostFor(service: ServiceName, globals: Map<string, Value>, reader: DocumentReader): Host {
  return {
    globals,
    documentsNamespaced: service === "firebase.storage",
    readDocument: (call, path) => reader.read(call, path),
  };
}
