import type { Change, DocumentSnapshot, FirestoreEvent } from "firebase-functions/v2/firestore";
import { entryFrom } from "../data/model.js";
import { entrySchema, type Entry } from "../domain/entries/entry-schema.js";
import { publishEntryChange } from "../domain/webhooks/webhook-delivery.js";
import type { EntryChange } from "../domain/webhooks/webhook-events.js";
import type { WebhookDeps } from "../domain/webhooks/webhooks.js";
import * as logs from "../logs.js";

/** The trigger's event: a write of `partners/{partnerId}/entries/{entryId}`. */
export type EntryWrittenEvent = FirestoreEvent<
  Change<DocumentSnapshot> | undefined,
  { partnerId: string; entryId: string }
>;

/**
 * Turns one committed write of an entry, whoever made it (the API, the Admin SDK, a partner under the
 * rules), into its webhook event and first delivery attempts. Throws only when a backend fails, so the
 * platform runs it again (the trigger is deployed with retries); running again changes nothing twice.
 */
export async function handleEntryWritten(deps: WebhookDeps, event: EntryWrittenEvent): Promise<void> {
  const { partnerId, entryId } = event.params;
  let change: EntryChange;
  try {
    change = {
      sourceEventId: event.id,
      time: event.time,
      before: apiEntry(event.data?.before),
      after: apiEntry(event.data?.after),
    };
  } catch (error) {
    // A document the API could not serve either (written by admin code in another shape): retrying
    // cannot fix it, so it is logged and left without an event.
    logs.entryEventSkipped({ partnerId, entryId, sourceEventId: event.id }, error);
    return;
  }
  const published = await publishEntryChange(deps, partnerId, change);
  if (published) logs.webhookEventPublished({ partnerId, entryId, ...published });
}

/** The entry as the API returns it (the repository's own mapping, then its contract), or null. */
function apiEntry(snapshot: DocumentSnapshot | undefined): Entry | null {
  const entry = snapshot ? entryFrom(snapshot) : null;
  return entry ? entrySchema.parse(entry) : null;
}
