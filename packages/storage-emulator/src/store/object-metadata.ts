import { createHash, randomUUID } from "node:crypto";
import { crc32c } from "./crc32c.js";
import { assert } from "../errors.js";

/** Metadata a client may set on upload or change later (the writable fields of both APIs). */
export interface WritableMetadata {
  contentType?: string;
  cacheControl?: string;
  contentDisposition?: string;
  contentEncoding?: string;
  contentLanguage?: string;
  /**
   * Custom metadata, as the service stores it: download tokens live here too, under
   * `firebaseStorageDownloadTokens` (comma-separated), which is why the GCS API shows them there.
   */
  customMetadata: Record<string, string>;
}

/** An object as the emulator keeps it. */
export interface StoredObject extends WritableMetadata {
  readonly bucket: string;
  readonly name: string;
  readonly data: Buffer;
  readonly generation: number;
  readonly metageneration: number;
  readonly timeCreated: Date;
  readonly updated: Date;
  readonly md5Hash: string;
  readonly crc32c: string;
}

/** The custom metadata key that holds an object's download tokens, on the service as here. */
export const TOKENS_KEY = "firebaseStorageDownloadTokens";

/** The service's bound on custom metadata: keys and values together, in bytes of UTF-8. */
export const MAX_CUSTOM_METADATA_BYTES = 8 * 1024;

const OPTIONAL_STRINGS = [
  "contentType",
  "cacheControl",
  "contentDisposition",
  "contentEncoding",
  "contentLanguage",
] as const;

/** A metadata change as clients send it: a value sets a field, `null` removes it, absence keeps it. */
export type MetadataPatch = {
  [K in (typeof OPTIONAL_STRINGS)[number]]?: string | null;
} & { customMetadata?: Record<string, string | null> | null };

/**
 * Validates the JSON metadata of an upload or a change; unknown and read-only fields are ignored.
 * Custom values that are numbers or booleans become strings, as the service stores them.
 */
export function parseMetadataPatch(body: unknown): MetadataPatch {
  assert(
    body !== null && typeof body === "object" && !Array.isArray(body),
    "BAD_REQUEST",
    "Metadata must be a JSON object.",
  );
  const fields = body as Record<string, unknown>;
  const patch: MetadataPatch = {};
  for (const key of OPTIONAL_STRINGS) {
    const value = fields[key];
    if (value === undefined) continue;
    assert(
      value === null || typeof value === "string",
      "BAD_REQUEST",
      `Metadata field ${key} must be a string.`,
    );
    patch[key] = value;
  }
  const custom = fields.metadata;
  if (custom === undefined) return patch;
  assert(
    custom === null || (typeof custom === "object" && !Array.isArray(custom)),
    "BAD_REQUEST",
    "Custom metadata must be an object of strings.",
  );
  if (custom === null) {
    patch.customMetadata = null;
    return patch;
  }
  const values: Record<string, string | null> = {};
  for (const [key, value] of Object.entries(custom)) {
    assert(
      value === null || ["string", "number", "boolean"].includes(typeof value),
      "BAD_REQUEST",
      `Custom metadata ${key} must be a string.`,
    );
    values[key] = value === null ? null : String(value);
  }
  patch.customMetadata = values;
  return patch;
}

/** Applies a patch to existing metadata; custom metadata merges key by key, as the service does. */
export function applyMetadataPatch(base: WritableMetadata, patch: MetadataPatch): WritableMetadata {
  const next: WritableMetadata = { customMetadata: mergeCustom(base.customMetadata, patch.customMetadata) };
  for (const key of OPTIONAL_STRINGS) {
    const value = patch[key] === undefined ? base[key] : patch[key];
    if (typeof value === "string") next[key] = value;
  }
  return next;
}

function mergeCustom(
  base: Record<string, string>,
  patch: Record<string, string | null> | null | undefined,
): Record<string, string> {
  if (patch === null) return {};
  return Object.fromEntries(
    Object.entries({ ...base, ...patch }).filter((entry): entry is [string, string] => entry[1] !== null),
  );
}

/** A new object (or a new generation over an existing one) from uploaded bytes and metadata. */
export function newObject(
  bucket: string,
  name: string,
  data: Buffer,
  metadata: WritableMetadata,
  time: Date,
): StoredObject {
  validateMetadata(metadata);
  return {
    ...metadata,
    contentType: metadata.contentType ?? "application/octet-stream",
    bucket,
    name,
    data,
    // Microseconds, like the service's generations; a JS number holds them exactly until the year 2255.
    generation: time.getTime() * 1000,
    metageneration: 1,
    timeCreated: time,
    updated: time,
    md5Hash: createHash("md5").update(data).digest("base64"),
    crc32c: crc32c(data),
  };
}

/** The object after a metadata change: same bytes and generation, next metageneration. */
export function withMetadata(object: StoredObject, metadata: WritableMetadata, time: Date): StoredObject {
  validateMetadata(metadata);
  // Fields the change removed must not survive from the old object.
  const {
    contentType: _contentType,
    cacheControl: _cacheControl,
    contentDisposition: _contentDisposition,
    contentEncoding: _contentEncoding,
    contentLanguage: _contentLanguage,
    ...kept
  } = object;
  return { ...kept, ...metadata, metageneration: object.metageneration + 1, updated: time };
}

function validateMetadata(metadata: WritableMetadata): void {
  const size = Object.entries(metadata.customMetadata).reduce(
    (sum, [key, value]) => sum + Buffer.byteLength(key) + Buffer.byteLength(value),
    0,
  );
  assert(
    size <= MAX_CUSTOM_METADATA_BYTES,
    "BAD_REQUEST",
    `Custom metadata is ${size} bytes; the service allows at most ${MAX_CUSTOM_METADATA_BYTES}.`,
  );
}

/** The object's download tokens (the `token` of its download URLs); a request carrying one skips rules. */
export function downloadTokens(object: WritableMetadata): string[] {
  return (object.customMetadata[TOKENS_KEY] ?? "")
    .split(",")
    .map((token) => token.trim())
    .filter((token) => token !== "");
}

/** Custom metadata with `tokens` as the object's download tokens (none removes the key). */
export function withTokens(
  custom: Record<string, string>,
  tokens: readonly string[],
): Record<string, string> {
  const { [TOKENS_KEY]: _old, ...rest } = custom;
  return tokens.length === 0 ? rest : { ...rest, [TOKENS_KEY]: tokens.join(",") };
}

/** A fresh download token, as the service mints them. */
export const newDownloadToken = (): string => randomUUID();

/** The JSON resource the Firebase SDK reads under /v0 (`getMetadata`, upload answers, `getDownloadURL`). */
export function firebaseResource(object: StoredObject): Record<string, unknown> {
  const { [TOKENS_KEY]: _tokens, ...custom } = object.customMetadata;
  return {
    name: object.name,
    bucket: object.bucket,
    generation: String(object.generation),
    metageneration: String(object.metageneration),
    ...optional(object, "contentType"),
    timeCreated: object.timeCreated.toISOString(),
    updated: object.updated.toISOString(),
    storageClass: "STANDARD",
    size: String(object.data.length),
    md5Hash: object.md5Hash,
    crc32c: object.crc32c,
    etag: etag(object),
    downloadTokens: downloadTokens(object).join(","),
    contentEncoding: object.contentEncoding ?? "identity",
    ...optional(object, "contentDisposition"),
    ...optional(object, "cacheControl"),
    ...optional(object, "contentLanguage"),
    ...(Object.keys(custom).length === 0 ? {} : { metadata: custom }),
  };
}

/**
 * The Cloud Storage JSON API's object resource (`storage#object`): numbers as strings, links on
 * `origin` (the emulator's own address), and only the optional fields that are set, as the service
 * answers them.
 */
export function gcsResource(object: StoredObject, origin: string): Record<string, unknown> {
  const path = `b/${object.bucket}/o/${encodeURIComponent(object.name)}`;
  return {
    kind: "storage#object",
    id: `${object.bucket}/${object.name}/${object.generation}`,
    selfLink: `${origin}/storage/v1/${path}`,
    mediaLink: `${origin}/download/storage/v1/${path}?generation=${object.generation}&alt=media`,
    name: object.name,
    bucket: object.bucket,
    generation: String(object.generation),
    metageneration: String(object.metageneration),
    ...optional(object, "contentType"),
    storageClass: "STANDARD",
    size: String(object.data.length),
    md5Hash: object.md5Hash,
    crc32c: object.crc32c,
    etag: etag(object),
    timeCreated: object.timeCreated.toISOString(),
    updated: object.updated.toISOString(),
    timeStorageClassUpdated: object.timeCreated.toISOString(),
    ...optional(object, "contentEncoding"),
    ...optional(object, "contentDisposition"),
    ...optional(object, "cacheControl"),
    ...optional(object, "contentLanguage"),
    ...(Object.keys(object.customMetadata).length === 0 ? {} : { metadata: object.customMetadata }),
  };
}

function optional<K extends (typeof OPTIONAL_STRINGS)[number]>(
  object: StoredObject,
  key: K,
): Partial<Record<K, string>> {
  const value = object[key];
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

/**
 * The object as Storage rules see it (`resource`, or `request.resource` for a write): the fields of
 * rules.firebase.storage.Resource, with ints, timestamps and a map of custom metadata. The download
 * tokens the service keeps in custom metadata are not shown, unless `request` (the client's own
 * metadata) sets them: then rules see that choice, so storage.rules can refuse a client-chosen token.
 */
export function rulesResource(object: StoredObject, request?: MetadataPatch): Record<string, unknown> {
  const { [TOKENS_KEY]: tokens, ...custom } = object.customMetadata;
  const chosen = request?.customMetadata?.[TOKENS_KEY] !== undefined && tokens !== undefined;
  return {
    name: object.name,
    bucket: object.bucket,
    generation: object.generation,
    metageneration: object.metageneration,
    size: object.data.length,
    timeCreated: object.timeCreated,
    updated: object.updated,
    md5Hash: object.md5Hash,
    crc32c: object.crc32c,
    etag: etag(object),
    contentType: object.contentType ?? null,
    contentDisposition: object.contentDisposition ?? null,
    contentEncoding: object.contentEncoding ?? null,
    contentLanguage: object.contentLanguage ?? null,
    cacheControl: object.cacheControl ?? null,
    metadata: chosen ? { ...custom, [TOKENS_KEY]: tokens } : custom,
  };
}

const etag = (object: StoredObject) =>
  Buffer.from(`${object.generation}/${object.metageneration}`).toString("base64");
