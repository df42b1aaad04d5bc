import { createHash } from "node:crypto";
import { CloudEvent, HTTP } from "cloudevents";
import type { EncodedEvent } from "@partner-api/function-triggers";
import protobuf from "protobufjs";
import { toTimestamp, type Micros } from "../store/clock.js";
import { toWireDocument } from "../context.js";
import type { DocumentChange, StoredDocument } from "../store/document-store.js";
import type { DocumentTrigger } from "./document-triggers.js";
import { firestoreDescriptor } from "../transport/protos.js";
import type { Value } from "../types.js";

/**
 * The location Firestore events carry. A local database has none; this is the multi-region most US
 * projects use, and nothing in firebase-functions reads it.
 */
const LOCATION = "nam5";

let eventData: protobuf.Type | undefined;

/**
 * `google.events.cloud.firestore.v1.DocumentEventData`, the payload of Firestore's CloudEvents: the
 * document after (`value`, 1) and before (`old_value`, 2) the change and the changed fields
 * (`update_mask`, 3). Its Document and DocumentMask messages have the wire layout of google.firestore.v1's,
 * so they are taken from the SDK's own descriptor (the one this emulator serves); only this wrapper,
 * which no installed package ships as a descriptor, is declared here.
 */
function documentEventData(): protobuf.Type {
  if (eventData === undefined) {
    const root = protobuf.Root.fromJSON(firestoreDescriptor() as protobuf.INamespace);
    eventData = new protobuf.Type("DocumentEventData")
      .add(new protobuf.Field("value", 1, "google.firestore.v1.Document"))
      .add(new protobuf.Field("oldValue", 2, "google.firestore.v1.Document"))
      .add(new protobuf.Field("updateMask", 3, "google.firestore.v1.DocumentMask"));
    root.define("google.events.cloud.firestore.v1").add(eventData);
    root.resolveAll();
  }
  return eventData;
}

const sameValue = (a: Value | undefined, b: Value | undefined) => JSON.stringify(a) === JSON.stringify(b);

/** The top-level fields an update added, changed or removed (the event's `update_mask`). */
function changedFields(before: StoredDocument, after: StoredDocument): string[] {
  const names = new Set([...Object.keys(before.fields), ...Object.keys(after.fields)]);
  return [...names].filter((name) => !sameValue(before.fields[name], after.fields[name])).sort();
}

/** Encodes a change as DocumentEventData bytes. */
export function encodeDocumentEventData(database: string, change: DocumentChange): Uint8Array {
  const type = documentEventData();
  const message = type.fromObject({
    ...(change.after !== null ? { value: toWireDocument(database, change.after) } : {}),
    ...(change.before !== null ? { oldValue: toWireDocument(database, change.before) } : {}),
    ...(change.before !== null && change.after !== null
      ? { updateMask: { fieldPaths: changedFields(change.before, change.after) } }
      : {}),
  });
  return type.encode(message).finish();
}

/**
 * The CloudEvent a trigger receives for one change, in binary content mode as the official Firestore
 * emulator posts it to the Functions emulator: `ce-*` headers (the CloudEvents attributes and Firestore's
 * extensions `project`, `database`, `namespace`, `document`, `location`), `content-type:
 * application/protobuf`, and the DocumentEventData bytes base64-encoded in the body (firebase-tools
 * decodes them before the function sees them, as Eventarc delivers raw bytes in production). The id is
 * derived from the database, document and commit time, so a redelivery of the same change carries the
 * same id (the handle for a handler's deduplication, as in production).
 */
export function documentEvent(
  database: string,
  commitTime: Micros,
  change: DocumentChange,
  trigger: DocumentTrigger,
): EncodedEvent {
  const [, project, , databaseId] = database.split("/") as [string, string, string, string];
  const id = createHash("sha256")
    .update(`${database}/documents/${change.path}@${commitTime}`)
    .digest("hex")
    .slice(0, 32);
  const { seconds, nanos } = toTimestamp(commitTime);
  const event = new CloudEvent<string>({
    specversion: "1.0",
    id,
    source: `//firestore.googleapis.com/projects/${project}/databases/${databaseId}`,
    type: trigger.eventType,
    subject: `documents/${change.path}`,
    time: new Date(Number(seconds) * 1000 + Math.floor((nanos ?? 0) / 1e6)).toISOString(),
    datacontenttype: "application/protobuf",
    data: Buffer.from(encodeDocumentEventData(database, change)).toString("base64"),
    location: LOCATION,
    project,
    database: databaseId,
    namespace: trigger.namespace,
    document: change.path,
  });
  const message = HTTP.binary(event);
  return { id, headers: message.headers as Record<string, string>, body: String(message.body) };
}
