import { getApps, initializeApp } from "firebase-admin/app";
import { getFirestore } from "firebase-admin/firestore";
import type { StorageEvent } from "firebase-functions/v2/storage";
import { onObjectDeleted, onObjectFinalized, onObjectMetadataUpdated } from "firebase-functions/v2/storage";
import { documentPath } from "../data/model.js";

/**
 * Probes of the Storage triggers on the emulator stack (never deployed: index.ts exports them only in
 * the emulator with PARTNER_API_TRIGGER_PROBES=1, which the test stack sets). They watch a bucket of their
 * own, so the other tests' uploads start no probe worker. Each stores the event its handler received in
 * `triggerProbes/{event id}` with the times the handler started, so stack tests see what a deployed
 * trigger receives, in which order, how often and how soon after the write. An object whose name
 * contains `fail-once` makes a probe throw on its first run, to show the redelivery `retry: true` asks for.
 */
export const PROBED_BUCKET = "trigger-probes";

async function record(event: StorageEvent): Promise<void> {
  const startedAt = Date.now();
  const db = getFirestore(getApps()[0] ?? initializeApp());
  const probe = db.doc(documentPath("triggerProbes", event.id));
  // The CloudEvent as delivered (firebase-functions adds v1 compatibility getters beside it).
  const { specversion, id, type, source, time, data } = event;
  const runs = await db.runTransaction(async (transaction) => {
    const starts = [
      ...(((await transaction.get(probe)).get("starts") as number[] | undefined) ?? []),
      startedAt,
    ];
    transaction.set(probe, {
      name: data.name,
      type,
      starts,
      event: JSON.stringify({ specversion, id, type, source, time, data }),
    });
    return starts.length;
  });
  if (runs === 1 && data.name.includes("fail-once")) throw new Error("probe: first run fails");
}

const options = { region: "us-central1", bucket: PROBED_BUCKET, retry: true } as const;

export const probeObjectFinalized = onObjectFinalized(options, record);
export const probeObjectMetadataUpdated = onObjectMetadataUpdated(options, record);
export const probeObjectDeleted = onObjectDeleted(options, record);
