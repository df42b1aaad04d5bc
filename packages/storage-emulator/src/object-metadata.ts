import { createHash, randomUUID } from "node:crypto";
import { crc32c } from "./crc32c.js";
import { assert } from "./errors.js";

/** Metadata a client may set on upload or change later (the SDK's writable fields). */
export interface WritableMetadata {
  contentType?: string;
  cacheControl?: string;
  contentDisposition?: string;
  contentEncoding?: string;
  contentLanguage?: string;
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
  /** Tokens of the object's download URLs; a request carrying one may download without rules. */
  readonly downloadTokens: readonly string[];
}

const OPTIONAL_STRINGS = [
  "contentType",
  "cacheControl",
  "contentDisposition",
  "contentEncoding",
  "contentLanguage",
] as const;

/** A metadata change as the SDK sends it: a value sets a field, `null` removes it, absence keeps it. */
export type MetadataPatch = {
  [K in (typeof OPTIONAL_STRINGS)[number]]?: string | null;
} & { customMetadata?: Record<string, string | null> | null };

/** Validates the JSON metadata of an upload or a PATCH; unknown read-only fields are ignored. */
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
  if (custom !== undefined) {
    assert(
      custom === null || (typeof custom === "object" && !Array.isArray(custom)),
      "BAD_REQUEST",
      "Custom metadata must be an object of strings.",
    );
    if (custom !== null) {
      for (const [key, value] of Object.entries(custom)) {
        assert(
          value === null || typeof value === "string",
          "BAD_REQUEST",
          `Custom metadata ${key} must be a string.`,
        );
      }
    }
    patch.customMetadata = custom as Record<string, string | null> | null;
  }
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
    downloadTokens: chosenTokens(metadata) ?? [randomUUID()],
  };
}

/** The object after a metadata change: same bytes and generation, next metageneration. */
export function withMetadata(object: StoredObject, metadata: WritableMetadata, time: Date): StoredObject {
  // Fields the change removed must not survive from the old object.
  const {
    contentType: _contentType,
    cacheControl: _cacheControl,
    contentDisposition: _contentDisposition,
    contentEncoding: _contentEncoding,
    contentLanguage: _contentLanguage,
    ...kept
  } = object;
  return {
    ...kept,
    ...metadata,
    downloadTokens: chosenTokens(metadata) ?? object.downloadTokens,
    metageneration: object.metageneration + 1,
    updated: time,
  };
}

/**
 * Download tokens set through custom metadata, as on the service: `firebaseStorageDownloadTokens`
 * (comma-separated) replaces the object's tokens. Rules see the key in `request.resource.metadata`,
 * which is how storage.rules can refuse a client choosing its own.
 */
function chosenTokens(metadata: WritableMetadata): string[] | undefined {
  const tokens = metadata.customMetadata.firebaseStorageDownloadTokens
    ?.split(",")
    .map((token) => token.trim())
    .filter((token) => token !== "");
  return tokens && tokens.length > 0 ? tokens : undefined;
}

/** The JSON resource the Firebase SDK reads (`getMetadata`, upload answers, `getDownloadURL`). */
export function firebaseResource(object: StoredObject): Record<string, unknown> {
  return {
    name: object.name,
    bucket: object.bucket,
    generation: String(object.generation),
    metageneration: String(object.metageneration),
    contentType: object.contentType,
    timeCreated: object.timeCreated.toISOString(),
    updated: object.updated.toISOString(),
    storageClass: "STANDARD",
    size: String(object.data.length),
    md5Hash: object.md5Hash,
    crc32c: object.crc32c,
    contentEncoding: object.contentEncoding ?? "identity",
    contentDisposition: object.contentDisposition ?? "inline",
    ...(object.cacheControl === undefined ? {} : { cacheControl: object.cacheControl }),
    ...(object.contentLanguage === undefined ? {} : { contentLanguage: object.contentLanguage }),
    etag: etag(object),
    downloadTokens: object.downloadTokens.join(","),
    ...(Object.keys(object.customMetadata).length === 0 ? {} : { metadata: object.customMetadata }),
  };
}

/**
 * The object as Storage rules see it (`resource`, or `request.resource` for a write): the fields of
 * rules.firebase.storage.Resource, with ints, timestamps and a map of custom metadata.
 */
export function rulesResource(object: StoredObject): Record<string, unknown> {
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
    metadata: object.customMetadata,
  };
}

const etag = (object: StoredObject) =>
  Buffer.from(`${object.generation}/${object.metageneration}`).toString("base64");
