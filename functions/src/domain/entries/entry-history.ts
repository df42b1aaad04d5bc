import { z } from "zod";
import type { Entry } from "./entry-schema.js";

/**
 * The history of an entry: every create and change made through the API, recorded in the same
 * transaction as one version (partners/{p}/entries/{e}/versions/{n}), with who made it and when.
 */

/** Who made a change: the verified token's user and partner, and the request that carried it. */
export const actorSchema = z.object({ uid: z.string(), partnerId: z.string(), requestId: z.string() });
export type Actor = z.infer<typeof actorSchema>;

export const entryVersionSchema = z.object({
  version: z.int().min(1).describe("The entry's version this change produced."),
  action: z.enum(["create", "update"]),
  changes: z
    .record(z.string(), z.object({ before: z.unknown(), after: z.unknown() }))
    .describe("Each field the change set, with its value before (null on create) and after."),
  actor: actorSchema,
  at: z.iso.datetime(),
});
export type EntryVersion = z.infer<typeof entryVersionSchema>;

export const entryVersionPageSchema = z.object({
  data: z.array(entryVersionSchema),
  nextPageToken: z.string().nullable(),
});

// What a partner wrote or changed; the id, the version and the timestamps are the record's own.
const RECORDED_FIELDS = [
  "externalId",
  "type",
  "amountMinor",
  "currency",
  "description",
  "category",
  "occurredAt",
  "status",
] as const satisfies readonly (keyof Entry)[];

/** Version 1: every field the create set. */
export function creationVersion(entry: Entry, actor: Actor): EntryVersion {
  const changes = Object.fromEntries(
    RECORDED_FIELDS.filter((field) => entry[field] !== null).map((field) => [
      field,
      { before: null, after: entry[field] },
    ]),
  );
  return { version: entry.version, action: "create", changes, actor, at: entry.createdAt };
}

/** The version a correction produced: only the fields whose value changed. */
export function changeVersion(before: Entry, after: Entry, actor: Actor): EntryVersion {
  const changes = Object.fromEntries(
    RECORDED_FIELDS.filter((field) => before[field] !== after[field]).map((field) => [
      field,
      { before: before[field], after: after[field] },
    ]),
  );
  return { version: after.version, action: "update", changes, actor, at: after.updatedAt };
}
