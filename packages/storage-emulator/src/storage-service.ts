import { assert, StorageError } from "./errors.js";
import type { Identity } from "./rules/identity.js";
import { listPage, MAX_RESULTS, type ListPage } from "./store/listing.js";
import {
  applyMetadataPatch,
  downloadTokens,
  newDownloadToken,
  newObject,
  rulesResource,
  withMetadata,
  withTokens,
  type MetadataPatch,
  type StoredObject,
  type WritableMetadata,
} from "./store/object-metadata.js";
import type { ObjectStore } from "./store/object-store.js";
import type { ResumableUploads, UploadSession } from "./store/resumable-uploads.js";
import type { RulesGate } from "./rules/rules-gate.js";

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

/** How an upload ends: uploads through the Firebase API get a download token, GCS ones do not. */
export interface UploadOptions {
  mintToken: boolean;
}

/**
 * The service's operations, judged by rules the way production judges them: an upload is `create`
 * (also over an existing object, whose metadata is then `resource`), a metadata change is `update`,
 * a read is `get`, a listing is `list` on its prefix. Rules run before existence is revealed, so a
 * caller without access gets 403 whether or not the object exists.
 *
 * Every change goes through one of three writes (writeObject: a new generation, from an upload or a
 * copy; writeMetadata: a metadata change of the same generation; removeObject), so whatever must
 * follow a change (events, triggers) has one place to hook in.
 */
export class StorageService {
  constructor(private readonly deps: ServiceDeps) {}

  /** Stores a whole upload (multipart, media, or a finalized resumable upload) once rules allow it. */
  async upload(
    identity: Identity,
    ref: ObjectRef,
    data: Buffer,
    patch: MetadataPatch,
    options: UploadOptions,
  ): Promise<StoredObject> {
    validateName(ref.name);
    const existing = this.deps.store.get(ref.bucket, ref.name);
    const metadata = applyMetadataPatch({ customMetadata: {} }, patch);
    const object = newObject(ref.bucket, ref.name, data, metadata, this.deps.clock());
    await this.deps.rules.authorize(identity, {
      method: "create",
      ...ref,
      resource: existing ? rulesResource(existing) : null,
      requestResource: rulesResource(object, patch),
    });
    // The token is minted after rules: they judge what the client sent, and a client's own choice
    // of token is what storage.rules may refuse.
    return this.writeObject(options.mintToken ? withDownloadToken(object) : object);
  }

  /** Opens a resumable upload; rules judge it at finalize, as the caller who started it. */
  startUpload(
    identity: Identity,
    ref: ObjectRef,
    patch: MetadataPatch,
    declaredSize: number | undefined,
    options: UploadOptions,
  ): UploadSession {
    validateName(ref.name);
    applyMetadataPatch({ customMetadata: {} }, patch);
    return this.deps.uploads.start({
      ...ref,
      metadata: patch,
      declaredSize,
      identity,
      mintToken: options.mintToken,
    });
  }

  /**
   * Ends a resumable upload: its bytes become the object if rules allow, and are dropped if not.
   * A session finalized before answers as it did the first time; a cancelled one is 400.
   */
  async finalizeUpload(session: UploadSession): Promise<StoredObject> {
    assert(session.state !== "cancelled", "BAD_REQUEST", "The upload was cancelled.");
    if (session.outcome) {
      if ("error" in session.outcome) throw session.outcome.error;
      return session.outcome.object;
    }
    const data = this.deps.uploads.finish(session);
    try {
      assert(
        session.declaredSize === undefined || data.length === session.declaredSize,
        "BAD_REQUEST",
        `The upload has ${data.length} bytes, not the announced ${session.declaredSize}.`,
      );
      const object = await this.upload(session.identity, session, data, session.metadata, session);
      session.outcome = { object };
      return object;
    } catch (error) {
      if (error instanceof StorageError) session.outcome = { error };
      throw error;
    }
  }

  /**
   * The object, for its metadata or its bytes; `token` is a download token, which bypasses rules.
   * With `ensureToken` (reads through the Firebase API), an object without a download token gets
   * one, as the service gives it one on its first Firebase read.
   */
  async read(
    identity: Identity,
    ref: ObjectRef,
    options: { token?: string; ensureToken?: boolean } = {},
  ): Promise<StoredObject> {
    const existing = this.deps.store.get(ref.bucket, ref.name);
    const token = options.token;
    if (!(token !== undefined && existing && downloadTokens(existing).includes(token))) {
      await this.deps.rules.authorize(identity, {
        method: "get",
        ...ref,
        resource: existing ? rulesResource(existing) : null,
      });
    }
    const object = found(existing, ref);
    if (!options.ensureToken || downloadTokens(object).length > 0) return object;
    return this.writeMetadata(this.changed(object, { ...object, customMetadata: withNewToken(object) }));
  }

  async updateMetadata(identity: Identity, ref: ObjectRef, patch: MetadataPatch): Promise<StoredObject> {
    const existing = this.deps.store.get(ref.bucket, ref.name);
    const updated = existing && this.changed(existing, applyMetadataPatch(existing, patch));
    await this.deps.rules.authorize(identity, {
      method: "update",
      ...ref,
      resource: existing ? rulesResource(existing) : null,
      requestResource: updated ? rulesResource(updated, patch) : null,
    });
    return this.writeMetadata(found(updated, ref));
  }

  async delete(identity: Identity, ref: ObjectRef): Promise<void> {
    const existing = this.deps.store.get(ref.bucket, ref.name);
    await this.deps.rules.authorize(identity, {
      method: "delete",
      ...ref,
      resource: existing ? rulesResource(existing) : null,
    });
    this.removeObject(found(existing, ref));
  }

  /**
   * Copies an object (the GCS API's copyTo and rewriteTo): a new generation at `target` with the
   * source's bytes and metadata, each field replaced where `override` gives it. Custom metadata given
   * replaces the source's whole (its download tokens with it), and its null values become "".
   */
  async copy(
    identity: Identity,
    source: ObjectRef,
    target: ObjectRef,
    override: MetadataPatch,
  ): Promise<StoredObject> {
    validateName(target.name);
    const original = this.deps.store.get(source.bucket, source.name);
    await this.deps.rules.authorize(identity, {
      method: "get",
      ...source,
      resource: original ? rulesResource(original) : null,
    });
    const from = found(original, source);
    const custom = override.customMetadata;
    const metadata = applyMetadataPatch(
      { ...writable(from), customMetadata: custom ? {} : from.customMetadata },
      {
        ...override,
        customMetadata: custom
          ? Object.fromEntries(Object.entries(custom).map(([key, value]) => [key, value ?? ""]))
          : undefined,
      },
    );
    const existing = this.deps.store.get(target.bucket, target.name);
    const object = newObject(target.bucket, target.name, from.data, metadata, this.deps.clock());
    await this.deps.rules.authorize(identity, {
      method: "create",
      ...target,
      resource: existing ? rulesResource(existing) : null,
      requestResource: rulesResource(object),
    });
    return this.writeObject(object);
  }

  /** Adds a download token (the Firebase API's `?create_token=true`); admin only, as on the service. */
  createToken(identity: Identity, ref: ObjectRef): StoredObject {
    assertAdmin(identity);
    const object = found(this.deps.store.get(ref.bucket, ref.name), ref);
    return this.writeMetadata(this.changed(object, { ...object, customMetadata: withNewToken(object) }));
  }

  /** Removes a download token (`?delete_token=`); removing the last one mints a new one. Admin only. */
  deleteToken(identity: Identity, ref: ObjectRef, token: string): StoredObject {
    assertAdmin(identity);
    const object = found(this.deps.store.get(ref.bucket, ref.name), ref);
    const remaining = downloadTokens(object).filter((kept) => kept !== token);
    const tokens = remaining.length > 0 ? remaining : [newDownloadToken()];
    return this.writeMetadata(
      this.changed(object, { ...object, customMetadata: withTokens(object.customMetadata, tokens) }),
    );
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

  /** The object at `ref`, if any, without judging (for answers after a judged write). */
  peek(ref: ObjectRef): StoredObject | undefined {
    return this.deps.store.get(ref.bucket, ref.name);
  }

  private changed(object: StoredObject, metadata: WritableMetadata): StoredObject {
    return withMetadata(object, writable(metadata), this.deps.clock());
  }

  /** A new generation of an object: an upload finalized or a copy. */
  private writeObject(object: StoredObject): StoredObject {
    this.deps.store.put(object);
    return object;
  }

  /** A metadata change of the stored generation. */
  private writeMetadata(object: StoredObject): StoredObject {
    this.deps.store.put(object);
    return object;
  }

  private removeObject(object: StoredObject): void {
    this.deps.store.delete(object.bucket, object.name);
  }
}

function found(object: StoredObject | undefined, ref: ObjectRef): StoredObject {
  if (!object) throw new StorageError("NOT_FOUND", `No such object: ${ref.bucket}/${ref.name}`);
  return object;
}

function assertAdmin(identity: Identity): void {
  assert(identity.kind === "privileged", "PERMISSION_DENIED", "Missing admin credentials.");
}

function writable(metadata: WritableMetadata): WritableMetadata {
  const { contentType, cacheControl, contentDisposition, contentEncoding, contentLanguage } = metadata;
  return {
    ...(contentType === undefined ? {} : { contentType }),
    ...(cacheControl === undefined ? {} : { cacheControl }),
    ...(contentDisposition === undefined ? {} : { contentDisposition }),
    ...(contentEncoding === undefined ? {} : { contentEncoding }),
    ...(contentLanguage === undefined ? {} : { contentLanguage }),
    customMetadata: metadata.customMetadata,
  };
}

const withNewToken = (object: StoredObject) =>
  withTokens(object.customMetadata, [...downloadTokens(object), newDownloadToken()]);

function withDownloadToken(object: StoredObject): StoredObject {
  if (downloadTokens(object).length > 0) return object;
  return { ...object, customMetadata: withTokens(object.customMetadata, [newDownloadToken()]) };
}

// A string with a lone surrogate has no UTF-8 form, so no object can carry it as its name.
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Object names as the service accepts them: 1 to 1024 bytes of UTF-8 (so no lone surrogate), no
 * carriage return or line feed, not "." or "..".
 */
export function validateName(name: string): void {
  assert(
    name.length > 0 &&
      !LONE_SURROGATE.test(name) &&
      Buffer.byteLength(name) <= 1024 &&
      !/[\r\n]/.test(name) &&
      name !== "." &&
      name !== "..",
    "BAD_REQUEST",
    "Object names are 1 to 1024 bytes of UTF-8 without carriage returns or line feeds, and not . or ..",
  );
}
