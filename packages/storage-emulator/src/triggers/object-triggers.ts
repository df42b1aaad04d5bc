import type { TriggerTarget } from "@partner-api/function-triggers";
import type { StoredObject } from "../store/object-metadata.js";

/** What happened to an object, as the event types name it (`google.cloud.storage.object.v1.<action>`). */
export type ObjectAction = "finalized" | "deleted" | "metadataUpdated";

/**
 * A 2nd-gen Storage trigger (`onObjectFinalized`, `onObjectDeleted`, `onObjectMetadataUpdated`), as the
 * stack registers it on the Functions emulator's behalf (scripts/stack/register-storage-triggers.mjs):
 * the event type and the one bucket it watches.
 */
export interface ObjectTrigger extends TriggerTarget {
  readonly eventType: string;
  readonly bucket: string;
}

const EVENT_TYPE = /^google\.cloud\.storage\.object\.v1\.(finalized|deleted|metadataUpdated|archived)$/;

/** Checks a registration body (`{"eventType","bucket"}`); returns the trigger or why it is refused. */
export function parseTriggerRegistration(
  projectId: string,
  key: string,
  body: unknown,
): ObjectTrigger | string {
  const fields = body as { eventType?: unknown; bucket?: unknown } | null;
  if (key === "") return "eventarcTriggerId is required.";
  if (typeof fields?.eventType !== "string" || !EVENT_TYPE.test(fields.eventType))
    return "eventType must be a google.cloud.storage.object.v1 event type.";
  if (typeof fields.bucket !== "string" || fields.bucket === "") return "bucket is required.";
  return { projectId, key, eventType: fields.eventType, bucket: fields.bucket };
}

/**
 * What a write did, as Cloud Storage reports it: a new object or generation is `finalized`, and the live
 * generation it replaced is `deleted` (buckets without versioning, like the emulator's); a change of
 * metadata alone (same generation) is `metadataUpdated`; a deletion is `deleted`.
 */
export function actionsOf(
  before: StoredObject | undefined,
  after: StoredObject | undefined,
): [ObjectAction, StoredObject][] {
  if (after === undefined) return before === undefined ? [] : [["deleted", before]];
  if (before === undefined) return [["finalized", after]];
  if (before.generation === after.generation) return [["metadataUpdated", after]];
  return [
    ["deleted", before],
    ["finalized", after],
  ];
}

/**
 * The function id of a trigger key: the Functions emulator names triggers `<id>-<generation>` and counts
 * the generation up on every reload of the functions, registering each trigger again.
 */
const functionId = (key: string) => key.replace(/-\d+$/, "");

/** The registered Storage triggers, and which of them an action on a bucket's object fires. */
export class ObjectTriggers {
  /** `{project}/{function id}` → trigger: a reload's registration replaces the previous generation's. */
  private readonly triggers = new Map<string, ObjectTrigger>();

  register(trigger: ObjectTrigger): void {
    this.triggers.set(`${trigger.projectId}/${functionId(trigger.key)}`, trigger);
  }

  /** The triggers registered for a project, in registration order. */
  ofProject(projectId: string): ObjectTrigger[] {
    return [...this.triggers.values()].filter((trigger) => trigger.projectId === projectId);
  }

  /** The triggers an action on an object of `bucket` fires, in registration order. */
  firedBy(bucket: string, action: ObjectAction): ObjectTrigger[] {
    const eventType = `google.cloud.storage.object.v1.${action}`;
    return [...this.triggers.values()].filter(
      (trigger) => trigger.bucket === bucket && trigger.eventType === eventType,
    );
  }
}
