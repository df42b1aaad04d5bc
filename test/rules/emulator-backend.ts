import { readFile } from "node:fs/promises";
import {
  initializeTestEnvironment,
  type RulesTestContext,
  type RulesTestEnvironment,
} from "@firebase/rules-unit-testing";
import { createMockUserToken } from "@firebase/util";
import { Firestore } from "@google-cloud/firestore";
import firebase from "firebase/compat/app";
import "firebase/compat/firestore";
import { PermissionDenied, type ListQuery, type MatrixCase, type Operation } from "./operations.js";
import {
  BUCKET,
  RequestTime,
  seedDocuments,
  seedObjects,
  type Auth,
  type Data,
  type Value,
} from "./world.js";

type CompatFirestore = ReturnType<RulesTestContext["firestore"]>;
type CompatQuery = ReturnType<ReturnType<CompatFirestore["collection"]>["where"]>;

// The compat namespace gains `firestore` at runtime from "firebase/compat/firestore"; its typings
// do not augment the default export, so name the one member used here.
const { FieldValue } = (firebase as unknown as { firestore: { FieldValue: { serverTimestamp(): unknown } } })
  .firestore;

/** Both official emulators are reachable (as under `firebase emulators:exec`). */
export const emulatorsConfigured = (env: NodeJS.ProcessEnv = process.env): boolean =>
  Boolean(env.FIRESTORE_EMULATOR_HOST && env.FIREBASE_STORAGE_EMULATOR_HOST);

function toFirestore(value: Value): unknown {
  if (value instanceof RequestTime) {
    // Only the server's own clock equals request.time; any client-chosen time is "just outside".
    return value.offsetMs === 0 ? FieldValue.serverTimestamp() : new Date(Date.now() + value.offsetMs);
  }
  if (value instanceof Date || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(toFirestore);
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toFirestore(item)]));
}

const toDocument = (data: Data) => toFirestore(data) as Record<string, unknown>;

/**
 * Judges matrix cases on the official Firestore and Storage emulators through
 * `@firebase/rules-unit-testing`: every case starts from a freshly seeded world.
 */
export class EmulatorBackend {
  private constructor(private readonly env: RulesTestEnvironment) {}

  /** Loads both rules files into the running emulators (hosts from the environment). */
  static async start(firestoreRulesPath: string, storageRulesPath: string): Promise<EmulatorBackend> {
    const env = await initializeTestEnvironment({
      projectId: "demo-partner-api",
      firestore: { rules: await readFile(firestoreRulesPath, "utf8") },
      storage: { rules: await readFile(storageRulesPath, "utf8") },
    });
    return new EmulatorBackend(env);
  }

  async stop(): Promise<void> {
    await this.env.cleanup();
  }

  /** Clears both emulators and writes the seed with rules disabled. */
  async reseed(): Promise<void> {
    await this.env.clearFirestore();
    await this.env.withSecurityRulesDisabled(async (context) => {
      // env.clearStorage() empties only the top level of the default bucket; ours is nested.
      await deleteTree(context.storage(`gs://${BUCKET}`).ref());
      const db = context.firestore();
      await Promise.all(
        Object.entries(seedDocuments).map(([path, data]) => db.doc(path).set(toDocument(data))),
      );
      const bucket = context.storage(`gs://${BUCKET}`);
      for (const [name, object] of Object.entries(seedObjects)) {
        await bucket.ref(name).put(new Uint8Array(object.size), { contentType: object.contentType });
      }
    });
  }

  /** Performs the case's operation as its actor; resolves if the emulator allowed it. */
  async attempt(matrixCase: MatrixCase): Promise<void> {
    const { auth } = matrixCase.actor;
    const { op } = matrixCase;
    if (op.kind === "list" && op.query.offset !== undefined) {
      await listWithOffset(this.env.projectId, auth, op.collection, op.query);
      return;
    }
    const context = auth
      ? this.env.authenticatedContext(auth.uid, { ...auth.token })
      : this.env.unauthenticatedContext();
    await perform(context, op);
  }
}

const GRPC_PERMISSION_DENIED = 7;

/**
 * A list query with an offset: the client SDKs cannot send one, but a direct client can through the
 * REST or gRPC API. The server SDK sends it here as the actor would, with the actor's mock ID token
 * (as rules-unit-testing builds it) in place of the emulator's rules-bypassing "owner".
 */
async function listWithOffset(
  projectId: string,
  auth: Auth | null,
  collection: string,
  query: ListQuery,
): Promise<void> {
  const token = auth && createMockUserToken({ ...auth.token, sub: auth.uid, user_id: auth.uid }, projectId);
  const db = new Firestore({ projectId, customHeaders: { Authorization: token ? `Bearer ${token}` : "" } });
  try {
    let ref: FirebaseFirestore.Query = db.collection(collection);
    for (const [field, operator, value] of query.where ?? []) ref = ref.where(field, operator, value);
    for (const [field, direction] of query.orderBy ?? []) ref = ref.orderBy(field, direction);
    if (query.limit !== undefined) ref = ref.limit(query.limit);
    await ref.offset(query.offset ?? 0).get();
  } catch (error) {
    // The server SDK reports gRPC's numeric code, which assertFails does not read.
    if ((error as { code?: unknown }).code === GRPC_PERMISSION_DENIED) {
      throw new PermissionDenied((error as Error).message);
    }
    throw error;
  } finally {
    await db.terminate();
  }
}

type StorageRef = ReturnType<ReturnType<RulesTestContext["storage"]>["ref"]>;

async function deleteTree(ref: StorageRef): Promise<void> {
  const { items, prefixes } = await ref.listAll();
  await Promise.all(items.map((item) => item.delete()));
  await Promise.all(prefixes.map(deleteTree));
}

async function perform(context: RulesTestContext, op: Operation): Promise<void> {
  const db: CompatFirestore = context.firestore();
  const bucket = context.storage(`gs://${BUCKET}`);
  switch (op.kind) {
    case "get":
      await db.doc(op.path).get();
      return;
    case "list": {
      let query: CompatQuery = db.collection(op.collection);
      for (const [field, operator, value] of op.query.where ?? [])
        query = query.where(field, operator, value);
      for (const [field, direction] of op.query.orderBy ?? []) query = query.orderBy(field, direction);
      if (op.query.limit !== undefined) query = query.limit(op.query.limit);
      await query.get();
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
    case "update":
      await db.doc(op.path).update(toDocument(op.changes));
      return;
    case "delete":
      await db.doc(op.path).delete();
      return;
    case "storage.get":
      await bucket.ref(op.name).getMetadata();
      return;
    case "storage.upload":
      await bucket
        .ref(op.name)
        .put(new Uint8Array(op.size), { contentType: op.contentType, customMetadata: op.customMetadata });
      return;
    case "storage.updateMetadata":
      await bucket.ref(op.name).updateMetadata({ customMetadata: op.customMetadata });
      return;
    case "storage.delete":
      await bucket.ref(op.name).delete();
      return;
  }
}
