import { credentials, makeGenericClientConstructor, Metadata, type ServiceError } from "@grpc/grpc-js";
import { loadFirestoreService } from "@partner-api/firestore-emulator/protos";
import { PermissionDenied, type ListQuery } from "./operations.js";

// A list query sent as a direct gRPC client would send it, with an offset the client SDKs cannot express.
// Not through the server SDK: it retries a refused query twice with backoff (some 7 s per denial).

const OPERATORS = {
  "<": "LESS_THAN",
  "<=": "LESS_THAN_OR_EQUAL",
  "==": "EQUAL",
  "!=": "NOT_EQUAL",
  ">=": "GREATER_THAN_OR_EQUAL",
  ">": "GREATER_THAN",
  in: "IN",
  "array-contains": "ARRAY_CONTAINS",
} as const;

function wireValue(value: unknown): Record<string, unknown> {
  if (value === null) return { nullValue: "NULL_VALUE" };
  if (typeof value === "string") return { stringValue: value };
  if (typeof value === "boolean") return { booleanValue: value };
  if (typeof value === "number")
    return Number.isInteger(value) ? { integerValue: String(value) } : { doubleValue: value };
  if (Array.isArray(value)) return { arrayValue: { values: value.map(wireValue) } };
  throw new TypeError(`no wire encoding here for ${typeof value} where-values`);
}

/** The structured query of a collection path (relative to the database root) and a list query. */
function structuredQuery(collection: string, query: ListQuery) {
  const collectionId = collection.slice(collection.lastIndexOf("/") + 1);
  const filters = (query.where ?? []).map(([field, op, value]) => ({
    fieldFilter: { field: { fieldPath: field }, op: OPERATORS[op], value: wireValue(value) },
  }));
  return {
    from: [{ collectionId }],
    ...(filters.length > 0 ? { where: { compositeFilter: { op: "AND", filters } } } : {}),
    orderBy: (query.orderBy ?? []).map(([field, direction]) => ({
      field: { fieldPath: field },
      direction: direction === "desc" ? "DESCENDING" : "ASCENDING",
    })),
    ...(query.limit === undefined ? {} : { limit: { value: query.limit } }),
    ...(query.offset === undefined ? {} : { offset: query.offset }),
  };
}

const GRPC_PERMISSION_DENIED = 7;

/** Runs the query with `token` as bearer (none: unauthenticated); resolves if allowed. */
export async function runQueryOverGrpc(
  address: { host: string; port: number },
  projectId: string,
  token: string | null,
  collection: string,
  query: ListQuery,
): Promise<void> {
  const Client = makeGenericClientConstructor(loadFirestoreService(), "Firestore");
  const client = new Client(`${address.host}:${address.port}`, credentials.createInsecure()) as unknown as {
    RunQuery(request: unknown, metadata: Metadata): NodeJS.ReadableStream;
    close(): void;
  };
  const metadata = new Metadata();
  if (token !== null) metadata.set("authorization", `Bearer ${token}`);
  const parentPath = collection.includes("/") ? `/${collection.slice(0, collection.lastIndexOf("/"))}` : "";
  const request = {
    parent: `projects/${projectId}/databases/(default)/documents${parentPath}`,
    structuredQuery: structuredQuery(collection, query),
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const stream = client.RunQuery(request, metadata);
      stream.on("data", () => undefined);
      stream.on("end", resolve);
      stream.on("error", (error: ServiceError) =>
        reject(error.code === GRPC_PERMISSION_DENIED ? new PermissionDenied(error.details) : error),
      );
    });
  } finally {
    client.close();
  }
}
