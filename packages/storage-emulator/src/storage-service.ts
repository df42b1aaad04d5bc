import { assert, StorageError } from "./errors.js";
import type { Identity } from "./identity.js";
import { listPage, MAX_RESULTS, type ListPage } from "./listing.js";
import {
  applyMetadataPatch,
  newObject,
  rulesResource,
  withMetadata,
  type MetadataPatch,
  type StoredObject,
} from "./object-metadata.js";
import type { ObjectStore } from "./object-store.js";
import type { ResumableUploads, UploadSession } from "./resumable-uploads.js";
import type { RulesGate } from "./rules-gate.js";

export interface ServiceDeps {
  store: ObjectStore;
  uploads: ResumableUploads;
  rules: RulesGate;
  clock: () => Date;
}

/** Where an object lives. */
export interface ObjectRef {
  bucket: string;
  name: string;
}

/**
 * The service's operations, judged by rules the way production judges them: an upload is `create`
 * (also over an existing object, whose metadata is then `resource`), a metadata change is `update`,
 * a read is `get`, a listing is `list` on its prefix. Rules run before existence is revealed, so a
 * caller without access gets 403 whether or not the object exists.
 */
export class StorageService {
  constructor(private readonly deps: ServiceDeps) {}

  /** Stores a whole upload (multipart, raw, or a finalized resumable upload) once rules allow it. */
  async upload(
    identity: Identity,
    ref: ObjectRef,
    data: Buffer,
    patch: MetadataPatch,
  ): Promise<StoredObject> {
    validateName(ref.name);
    const existing = this.deps.store.get(ref.bucket, ref.name);
    const metadata = applyMetadataPatch({ customMetadata: {} }, patch);
    const object = newObject(ref.bucket, ref.name, data, metadata, this.deps.clock());
    await this.deps.rules.authorize(identity, {
      method: "create",
      ...ref,
      resource: existing ? rulesResource(existing) : null,
      requestResource: rulesResource(object),
    });
    this.deps.store.put(object);
    return object;
  }

  /** Opens a resumable upload; rules judge it at finalize, when the object's size is known. */
  startUpload(ref: ObjectRef, patch: MetadataPatch, declaredSize: number | undefined): UploadSession {
    validateName(ref.name);
    return this.deps.uploads.start(ref.bucket, ref.name, patch, declaredSize);
  }

  /** Ends a resumable upload: its bytes become the object if rules allow, and are dropped if not. */
  async finalizeUpload(identity: Identity, session: UploadSession): Promise<StoredObject> {
    const data = this.deps.uploads.finish(session);
    assert(
      session.declaredSize === undefined || data.length === session.declaredSize,
      "BAD_REQUEST",
      `The upload has ${data.length} bytes, not the announced ${session.declaredSize}.`,
    );
    return this.upload(identity, session, data, session.metadata);
  }

  /** The object, for its metadata or its bytes; `token` is a download token, which bypasses rules. */
  async read(identity: Identity, ref: ObjectRef, token?: string): Promise<StoredObject> {
    const existing = this.deps.store.get(ref.bucket, ref.name);
    if (!(token !== undefined && existing?.downloadTokens.includes(token))) {
      await this.deps.rules.authorize(identity, {
        method: "get",
        ...ref,
        resource: existing ? rulesResource(existing) : null,
      });
    }
    return found(existing, ref);
  }

  async updateMetadata(identity: Identity, ref: ObjectRef, patch: MetadataPatch): Promise<StoredObject> {
    const existing = this.deps.store.get(ref.bucket, ref.name);
    const updated =
      existing && withMetadata(existing, applyMetadataPatch(existing, patch), this.deps.clock());
    await this.deps.rules.authorize(identity, {
      method: "update",
      ...ref,
      resource: existing ? rulesResource(existing) : null,
      requestResource: updated ? rulesResource(updated) : null,
    });
    this.deps.store.put(found(updated, ref));
    return updated as StoredObject;
  }

  async delete(identity: Identity, ref: ObjectRef): Promise<void> {
    const existing = this.deps.store.get(ref.bucket, ref.name);
    await this.deps.rules.authorize(identity, {
      method: "delete",
      ...ref,
      resource: existing ? rulesResource(existing) : null,
    });
    found(existing, ref);
    this.deps.store.delete(ref.bucket, ref.name);
  }

  /** One page of names under `prefix`; judged as `list` on the prefix without its trailing delimiter. */
  async list(
    identity: Identity,
    bucket: string,
    query: { prefix: string; delimiter: string; pageToken?: string; maxResults?: number },
  ): Promise<ListPage> {
    const maxResults = query.maxResults ?? MAX_RESULTS;
    assert(
      Number.isInteger(maxResults) && maxResults >= 1 && maxResults <= MAX_RESULTS,
      "BAD_REQUEST",
      `maxResults must be an integer from 1 to ${MAX_RESULTS}.`,
    );
    const name = query.prefix.endsWith("/") ? query.prefix.slice(0, -1) : query.prefix;
    await this.deps.rules.authorize(identity, { method: "list", bucket, name, resource: null });
    return listPage(this.deps.store.names(bucket), { ...query, maxResults });
  }
}

function found(object: StoredObject | undefined, ref: ObjectRef): StoredObject {
  if (!object) throw new StorageError("NOT_FOUND", `Object ${ref.name} does not exist in ${ref.bucket}.`);
  return object;
}

/** Object names as the service accepts them: 1 to 1024 bytes of UTF-8, no line breaks. */
export function validateName(name: string): void {
  assert(
    name.length > 0 && Buffer.byteLength(name) <= 1024 && !/[\r\n]/.test(name),
    "BAD_REQUEST",
    "Object names are 1 to 1024 bytes of UTF-8 without carriage returns or line feeds.",
  );
}
