import { randomUUID } from "node:crypto";
import type { EncodedEvent } from "@partner-api/function-triggers";
import { gcsResource, type StoredObject } from "../store/object-metadata.js";
import type { ObjectAction } from "./object-triggers.js";

/**
 * The CloudEvent a 2nd-gen Storage trigger receives, in structured content mode as firebase-tools' Storage
 * emulator posts it (`application/cloudevents+json`): `specversion`, a random `id` (kept across
 * redeliveries of the event), `type`, `source` naming the object, `time` (the object's `updated`) and the
 * object as `data`: its GCS JSON API resource (`StorageObjectData`), links on the emulator's origin. firebase-functions reads the object from `data`, as from Eventarc in production.
 */
export function objectEvent(action: ObjectAction, object: StoredObject, origin: string): EncodedEvent {
  const data = gcsResource(object, origin);
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
