import type { RulesTestContext, RulesTestEnvironment } from "@firebase/rules-unit-testing";
import { createMockUserToken } from "@firebase/util";
import firebase from "firebase/compat/app";
import "firebase/compat/firestore";
import { runQueryOverGrpc } from "./grpc-query.js";
import type { ListQuery, Operation } from "./operations.js";
import { RequestTime, seedDocuments, type Auth, type Data, type Value } from "./world.js";

// The Firestore half of the rules-unit-testing backend: the seed, and each Firestore operation as a
// partner's code would do it with the Firebase JS SDK (compat API, as rules-unit-testing hands it out).

type CompatFirestore = ReturnType<RulesTestContext["firestore"]>;
type CompatQuery = ReturnType<ReturnType<CompatFirestore["collection"]>["where"]>;

// The compat namespace gains `firestore` at runtime from "firebase/compat/firestore"; its typings
// do not augment the default export, so name the one member used here.
const { FieldValue } = (firebase as unknown as { firestore: { FieldValue: { serverTimestamp(): unknown } } })
  .firestore;

/**
 * How far ahead a client-chosen time "after request.time" is sent. The client reads its clock before
 * the request travels, so a time 1 ms ahead can land exactly on request.time when the trip takes 1 ms;
 * a minute ahead stays after it. A time before request.time only moves further away on the trip.
 */
const TRAVEL_MARGIN_MS = 60_000;

function toFirestore(value: Value): unknown {
  if (value instanceof RequestTime) {
    // Only the server's own clock equals request.time; any client-chosen time is "just outside".
    if (value.offsetMs === 0) return FieldValue.serverTimestamp();
    const margin = value.offsetMs > 0 ? TRAVEL_MARGIN_MS : 0;
    return new Date(Date.now() + value.offsetMs + margin);
  }
  if (value instanceof Date || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(toFirestore);
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toFirestore(item)]));
}

const toDocument = (data: Data) => toFirestore(data) as Record<string, unknown>;

/** Where the Firestore emulator under test listens. */
export interface FirestoreAddress {
  readonly host: string;
  readonly port: number;
}

/** Clears Firestore and writes the seed with rules disabled. */
export async function reseedFirestore(env: RulesTestEnvironment): Promise<void> {
  await env.clearFirestore();
  await env.withSecurityRulesDisabled(async (context) => {
    const db = context.firestore();
    await Promise.all(
      Object.entries(seedDocuments).map(([path, data]) => db.doc(path).set(toDocument(data))),
    );
  });
}

function applyQuery(db: CompatFirestore, collection: string, listQuery: ListQuery): CompatQuery {
  let query: CompatQuery = db.collection(collection);
  for (const [field, operator, value] of listQuery.where ?? []) query = query.where(field, operator, value);
  for (const [field, direction] of listQuery.orderBy ?? []) query = query.orderBy(field, direction);
  if (listQuery.limit !== undefined) query = query.limit(listQuery.limit);
  return query;
}

type Snapshot = { metadata: { fromCache: boolean } };
type Subscribe = (
  options: { includeMetadataChanges: true },
  next: (snapshot: Snapshot) => void,
  fail: (error: Error) => void,
) => () => void;

/**
 * Resolves with the first snapshot the server sent a listener (one from the client's cache proves
 * nothing about the rules); rejects with the error that ends it.
 */
function serverSnapshot(subscribe: Subscribe) {
  return new Promise<void>((resolve, reject) => {
    const unsubscribe = subscribe(
      { includeMetadataChanges: true },
      (snapshot) => {
        if (snapshot.metadata.fromCache) return;
        unsubscribe();
        resolve();
      },
      reject,
    );
  });
}

/** Performs one Firestore operation in the actor's context; resolves if the emulator allowed it. */
export async function performFirestore(
  context: RulesTestContext,
  projectId: string,
  address: FirestoreAddress,
  auth: Auth | null,
  op: Operation,
): Promise<void> {
  if (op.kind === "list" && op.query.offset !== undefined) {
    // The client SDKs cannot send an offset; a direct client can, over gRPC (or REST), with its ID token.
    const token = auth && createMockUserToken({ ...auth.token, sub: auth.uid, user_id: auth.uid }, projectId);
    await runQueryOverGrpc(address, projectId, token, op.collection, op.query);
    return;
  }
  const db = context.firestore();
  switch (op.kind) {
    case "get":
      await db.doc(op.path).get();
      return;
    case "list":
      await applyQuery(db, op.collection, op.query).get();
      return;
    case "listen": {
      const ref = db.doc(op.path);
      await serverSnapshot((options, next, fail) => ref.onSnapshot(options, next, fail));
      return;
    }
    case "listenQuery": {
      const query = applyQuery(db, op.collection, op.query);
      await serverSnapshot((options, next, fail) => query.onSnapshot(options, next, fail));
      return;
    }
    case "set":
      await db.doc(op.path).set(toDocument(op.data));
      return;
    case "batch": {
      const batch = db.batch();
      for (const { path, data } of op.sets) batch.set(db.doc(path), toDocument(data));
      await batch.commit();
      return;
    }
    case "transaction":
      await db.runTransaction(async (transaction) => {
        for (const path of op.reads) await transaction.get(db.doc(path));
        for (const { path, data } of op.sets) transaction.set(db.doc(path), toDocument(data));
      });
      return;
    case "update":
      await db.doc(op.path).update(toDocument(op.changes));
      return;
    case "delete":
      await db.doc(op.path).delete();
      return;
    default:
      throw new TypeError(`${op.kind} is not a Firestore operation`);
  }
}
