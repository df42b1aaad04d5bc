import { parseRules } from "@partner-api/rules-engine";
import { PermissionDenied, type ListQuery, type MatrixCase, type Operation } from "./operations.js";
import {
  BUCKET,
  RequestTime,
  SEED_TIME,
  seedDocuments,
  seedObjects,
  type Auth,
  type Data,
  type Value,
} from "./world.js";

/** A parsed ruleset of the engine, as `parseRules` returns it. */
export type EngineRuleset = ReturnType<typeof parseRules>;
type EvaluateInput = Parameters<EngineRuleset["evaluate"]>[0];

const DOCUMENTS = "/databases/(default)/documents";

function resolve(value: Value, time: Date): unknown {
  if (value instanceof RequestTime) return new Date(time.getTime() + value.offsetMs);
  if (value instanceof Date || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => resolve(item, time));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolve(item, time)]));
}

const resolveData = (data: Data, time: Date) => resolve(data, time) as Record<string, unknown>;

function objectMetadata(
  name: string,
  size: number,
  contentType: string,
  metadata: Record<string, string> = {},
) {
  return { name, bucket: BUCKET, size, contentType, metadata, timeCreated: SEED_TIME, updated: SEED_TIME };
}

/** One request the service would judge on its own: a batch is several of these, all of which must pass. */
type Request = Omit<EvaluateInput, "auth" | "time" | "documents">;

/**
 * Judges matrix cases with `packages/rules-engine` against the seeded world at a fixed `time`, and turns
 * each client operation into the rules requests the service would evaluate for it.
 */
export class EngineBackend {
  private readonly documents: Record<string, Record<string, unknown>>;

  constructor(
    readonly firestore: EngineRuleset,
    readonly storage: EngineRuleset,
    private readonly time = new Date("2026-11-21T08:30:00.000Z"),
  ) {
    this.documents = Object.fromEntries(
      Object.entries(seedDocuments).map(([path, data]) => [`${DOCUMENTS}/${path}`, resolveData(data, time)]),
    );
  }

  /** Resolves if every request of the case is allowed, else rejects with PermissionDenied. */
  async attempt(matrixCase: MatrixCase): Promise<void> {
    const auth = matrixCase.actor.auth as Auth | null;
    const denials: string[] = [];
    for (const { service, request } of this.requests(matrixCase.op)) {
      const ruleset = service === "firestore" ? this.firestore : this.storage;
      const verdict = ruleset.evaluate({
        ...request,
        auth,
        time: this.time,
        documents: this.documents,
      } as EvaluateInput);
      if (!verdict.allowed) {
        const why = verdict.errors.length > 0 ? `: ${verdict.errors.join("; ")}` : "";
        denials.push(`${request.method} ${request.path}${why}`);
      }
    }
    if (denials.length > 0) throw new PermissionDenied(`PERMISSION_DENIED ${denials.join(" | ")}`);
  }

  private existing(path: string): Record<string, unknown> | null {
    return this.documents[`${DOCUMENTS}/${path}`] ?? null;
  }

  private requests(op: Operation): { service: "firestore" | "storage"; request: Request }[] {
    const firestore = (request: Request) => ({ service: "firestore" as const, request });
    const storage = (request: Request) => ({ service: "storage" as const, request });
    const docPath = (path: string) => `${DOCUMENTS}/${path}`;
    const objectPath = (name: string) => `/b/${BUCKET}/o/${name}`;
    switch (op.kind) {
      case "get":
        return [firestore({ path: docPath(op.path), method: "get", resource: this.existing(op.path) })];
      case "list":
      case "listenQuery":
        return [firestore({ path: docPath(op.collection), method: "list", query: toEngineQuery(op.query) })];
      case "listen":
        return [firestore({ path: docPath(op.path), method: "get", resource: this.existing(op.path) })];
      case "transaction":
        // Each read is judged when it is made; the commit judges the writes as one batch.
        return [
          ...op.reads.map((path) =>
            firestore({ path: docPath(path), method: "get", resource: this.existing(path) }),
          ),
          ...this.requests({ kind: "batch", sets: op.sets }),
        ];
      case "set":
      case "batch": {
        const sets = op.kind === "set" ? [{ path: op.path, data: op.data }] : op.sets;
        const documentsAfter = { ...this.documents };
        for (const { path, data } of sets) documentsAfter[docPath(path)] = resolveData(data, this.time);
        return sets.map(({ path, data }) =>
          firestore({
            path: docPath(path),
            method: this.existing(path) ? "update" : "create",
            resource: this.existing(path),
            requestResource: resolveData(data, this.time),
            documentsAfter,
            batchSize: sets.length,
          }),
        );
      }
      case "update": {
        const after = { ...this.existing(op.path), ...resolveData(op.changes, this.time) };
        return [
          firestore({
            path: docPath(op.path),
            method: "update",
            resource: this.existing(op.path),
            requestResource: after,
            documentsAfter: { ...this.documents, [docPath(op.path)]: after },
          }),
        ];
      }
      case "delete":
        return [firestore({ path: docPath(op.path), method: "delete", resource: this.existing(op.path) })];
      case "storage.get":
      case "storage.download":
        return [storage({ path: objectPath(op.name), method: "get", resource: this.object(op.name) })];
      case "storage.list":
        // Judged on the prefix without its trailing slash; the rules match it plus one unknown name.
        return [storage({ path: objectPath(op.prefix.replace(/\/$/, "")), method: "list" })];
      case "storage.upload":
        // Cloud Storage judges every upload by create, an overwrite too, with `resource` set to the
        // object it replaces; update is for metadata changes only (firebase-tools#3292, #4828).
        return [
          storage({
            path: objectPath(op.name),
            method: "create",
            resource: this.object(op.name),
            requestResource: objectMetadata(op.name, op.size, op.contentType, op.customMetadata),
          }),
        ];
      case "storage.updateMetadata": {
        const resource = this.object(op.name);
        const requestResource = resource && { ...resource, metadata: op.customMetadata };
        return [storage({ path: objectPath(op.name), method: "update", resource, requestResource })];
      }
      case "storage.delete":
        return [storage({ path: objectPath(op.name), method: "delete", resource: this.object(op.name) })];
    }
  }

  private object(name: string) {
    const stored = seedObjects[name];
    return stored ? objectMetadata(name, stored.size, stored.contentType) : null;
  }
}

function toEngineQuery(query: ListQuery) {
  return {
    ...(query.limit === undefined ? {} : { limit: query.limit }),
    ...(query.offset === undefined ? {} : { offset: query.offset }),
    ...(query.orderBy ? { orderBy: query.orderBy.map(([field, dir]) => [field, dir]) } : {}),
    ...(query.where ? { where: query.where.map(([field, op, value]) => [field, op, value]) } : {}),
  } as EvaluateInput["query"];
}

/** Parses both rules files with the engine. */
export function parseRulesFiles(firestoreSource: string, storageSource: string) {
  return { firestore: parseRules(firestoreSource), storage: parseRules(storageSource) };
}
