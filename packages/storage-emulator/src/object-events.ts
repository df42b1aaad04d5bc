import { randomUUID } from "node:crypto";
import type { EncodedEvent } from "@partner-api/function-triggers";
import { firebaseResource, type StoredObject } from "./object-metadata.js";
import type { ObjectAction } from "./object-triggers.js";

/**
 * The object as Storage events carry it (`StorageObjectData`, the GCS JSON API's object resource), with
 * the fields firebase-tools' Storage emulator sets: numbers as strings, the download tokens under custom
 * `metadata.firebaseStorageDownloadTokens` (where the service keeps them), `metadata` left out when
 * empty, optional headers only when set, and links on the emulator's own origin.
 */
export function storageObjectData(object: StoredObject, origin: string): Record<string, unknown> {
  const resource = firebaseResource(object);
  const path = `/b/${object.bucket}/o/${encodeURIComponent(object.name)}`;
  const tokens = object.downloadTokens.join(",");
  const metadata = {
    ...object.customMetadata,
    ...(tokens === "" ? {} : { firebaseStorageDownloadTokens: tokens }),
  };
  return {
    kind: "storage#object",
    name: object.name,
    bucket: object.bucket,
    generation: resource.generation,
    metageneration: resource.metageneration,
    contentType: object.contentType,
    timeCreated: resource.timeCreated,
    updated: resource.updated,
    storageClass: resource.storageClass,
    size: resource.size,
    md5Hash: object.md5Hash,
    etag: resource.etag,
    ...(Object.keys(metadata).length === 0 ? {} : { metadata }),
    ...(object.contentLanguage === undefined ? {} : { contentLanguage: object.contentLanguage }),
    ...(object.cacheControl === undefined ? {} : { cacheControl: object.cacheControl }),
    ...(object.contentDisposition === undefined ? {} : { contentDisposition: object.contentDisposition }),
    ...(object.contentEncoding === undefined ? {} : { contentEncoding: object.contentEncoding }),
    crc32c: object.crc32c,
    timeStorageClassUpdated: resource.timeCreated,
    id: `${object.bucket}/${object.name}/${object.generation}`,
    selfLink: `${origin}/storage/v1${path}`,
    mediaLink: `${origin}/download/storage/v1${path}?generation=${object.generation}&alt=media`,
  };
}

/**
 * The CloudEvent a 2nd-gen Storage trigger receives, in structured content mode as firebase-tools' Storage
 * emulator posts it (`application/cloudevents+json`): `specversion`, a random `id` (kept across
 * redeliveries of the event), `type`, `source` naming the object, `time` (the object's `updated`) and the
 * object as `data`. firebase-functions reads the object from `data`, as from Eventarc in production.
 */
export function objectEvent(action: ObjectAction, object: StoredObject, origin: string): EncodedEvent {
  const data = storageObjectData(object, origin);
  const id = randomUUID();
  const event = {
    specversion: "1.0",
    id,
    type: `google.cloud.storage.object.v1.${action}`,
    source: `//storage.googleapis.com/projects/_/buckets/${object.bucket}/objects/${object.name}`,
    time: data.updated,
    data,
  };
  return {
    id,
    headers: { "content-type": "application/cloudevents+json; charset=UTF-8" },
    body: JSON.stringify(event),
  };
}
