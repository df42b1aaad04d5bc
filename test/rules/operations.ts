import type { Actor, Data } from "./world.js";

/**
 * What a client SDK does, not which rules method it triggers: each backend decides (as the service
 * does) whether a `set` is a create or an update and whether an upload overwrites.
 */
export type FieldOp = "<" | "<=" | "==" | "!=" | ">=" | ">" | "in" | "array-contains";

export interface ListQuery {
  readonly where?: readonly (readonly [string, FieldOp, unknown])[];
  readonly orderBy?: readonly (readonly [string, "asc" | "desc"])[];
  readonly limit?: number;
  /** Rows to skip; the client SDKs cannot send one, the REST and gRPC APIs can. */
  readonly offset?: number;
}

export type Operation =
  | { readonly kind: "get"; readonly path: string }
  | { readonly kind: "list"; readonly collection: string; readonly query: ListQuery }
  | { readonly kind: "set"; readonly path: string; readonly data: Data }
  | { readonly kind: "update"; readonly path: string; readonly changes: Data }
  | { readonly kind: "delete"; readonly path: string }
  | { readonly kind: "batch"; readonly sets: readonly { readonly path: string; readonly data: Data }[] }
  /** A snapshot listener on one document; allowed when its first snapshot arrives. */
  | { readonly kind: "listen"; readonly path: string }
  /** A snapshot listener on a query. */
  | { readonly kind: "listenQuery"; readonly collection: string; readonly query: ListQuery }
  /** A transaction that reads documents, then sets others (reads not written are verified at commit). */
  | {
      readonly kind: "transaction";
      readonly reads: readonly string[];
      readonly sets: readonly { readonly path: string; readonly data: Data }[];
    }
  /** The object's metadata (getMetadata), judged as get. */
  | { readonly kind: "storage.get"; readonly name: string }
  /** The object's bytes with the caller's token (getBytes, alt=media), judged as get. */
  | { readonly kind: "storage.download"; readonly name: string }
  /** One page of the objects and folders under a prefix (list), judged as list on the prefix. */
  | { readonly kind: "storage.list"; readonly prefix: string }
  | {
      readonly kind: "storage.upload";
      readonly name: string;
      readonly size: number;
      readonly contentType: string;
      readonly customMetadata?: Record<string, string>;
    }
  | {
      readonly kind: "storage.updateMetadata";
      readonly name: string;
      readonly customMetadata: Record<string, string>;
    }
  | { readonly kind: "storage.delete"; readonly name: string };

export type Expectation = "allow" | "deny";

/** The service an operation goes to. */
export const serviceOf = (op: Operation): "firestore" | "storage" =>
  op.kind.startsWith("storage.") ? "storage" : "firestore";

/** One row of the access matrix. */
export interface MatrixCase {
  readonly name: string;
  readonly actor: Actor;
  readonly op: Operation;
  readonly expect: Expectation;
}

/** Thrown for a denied request, shaped like the SDKs' errors so `assertFails` recognises it. */
export class PermissionDenied extends Error {
  readonly code = "permission-denied";
}

/** A backend judges one case from the seeded world and says whether the service would allow it. */
export interface RulesBackend {
  isAllowed(matrixCase: MatrixCase): Promise<boolean>;
}
