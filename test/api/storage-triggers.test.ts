import { deleteObject, getDownloadURL, ref, updateMetadata, uploadBytes } from "firebase/storage";
import { describe, expect, it } from "vitest";
import { chooseStorageBackend } from "../../scripts/stack/firestore-backend.js";
import { storageAs } from "../support/client-sdk.js";
import { adminDb, uniqueId } from "../support/stack.js";

// Storage triggers of functions/ on the stack: the Functions emulator's onObjectFinalized,
// onObjectMetadataUpdated and onObjectDeleted probes (functions/src/probes, exported only to the test
// stack) are registered with the embedded Storage, which posts each object change to them. Each probe
// stores what its handler received in triggerProbes/{event id}. packages/storage-emulator's
// triggers.test.ts covers the events' shape and delivery in detail.

/** The probes' bucket (functions/src/probes): no other test's upload starts a probe. */
const BUCKET = "trigger-probes";

const FINALIZED = "google.cloud.storage.object.v1.finalized";
const METADATA_UPDATED = "google.cloud.storage.object.v1.metadataUpdated";
const DELETED = "google.cloud.storage.object.v1.deleted";

interface Probe {
  id: string;
  name: string;
  type: string;
  /** When the handler started, one entry per run. */
  starts: number[];
  event: {
    specversion: string;
    id: string;
    type: string;
    source: string;
    time: string;
    data: Record<string, unknown>;
  };
}

/** The probes' records for objects under `folder`, once `count` of them exist. */
function probesOf(folder: string, count: number): Promise<Probe[]> {
  const query = adminDb()
    .collection("triggerProbes")
    .where("name", ">=", folder)
    .where("name", "<", `${folder}\uffff`);
  return new Promise((resolve, reject) => {
    const stop = query.onSnapshot((snapshot) => {
      if (snapshot.size < count) return;
      stop();
      resolve(
        snapshot.docs.map((doc) => {
          const data = doc.data() as Omit<Probe, "id" | "event"> & { event: string };
          return { ...data, id: doc.id, event: JSON.parse(data.event) as Probe["event"] };
        }),
      );
    }, reject);
  });
}

/** The Storage emulator's admin credential, as rules-unit-testing sends it: the probes' bucket has no rules. */
const asOwner = () => storageAs("owner");

describe.runIf(chooseStorageBackend() === "embedded")(
  "Storage triggers of the functions on the stack",
  () => {
    it("runs the functions' onObjectFinalized, onObjectMetadataUpdated and onObjectDeleted handlers with each change's CloudEvent", async () => {
      const folder = `${uniqueId("t")}/`;
      const client = asOwner();
      try {
        const file = ref(client.service, `gs://${BUCKET}/${folder}report.pdf`);
        await uploadBytes(file, new TextEncoder().encode("%PDF-1.4 probe"), {
          contentType: "application/pdf",
        });
        const token = new URL(await getDownloadURL(file)).searchParams.get("token");
        await updateMetadata(file, { customMetadata: { reviewed: "yes" } });
        await deleteObject(file);

        const probes = await probesOf(folder, 3);
        const byType = Object.fromEntries(probes.map((probe) => [probe.type, probe]));
        const finalized = byType[FINALIZED] as Probe;
        expect(finalized.event).toMatchObject({
          specversion: "1.0",
          id: finalized.id,
          type: FINALIZED,
          source: `//storage.googleapis.com/projects/_/buckets/${BUCKET}/objects/${folder}report.pdf`,
          data: {
            kind: "storage#object",
            bucket: BUCKET,
            name: `${folder}report.pdf`,
            contentType: "application/pdf",
            size: "14",
            metageneration: "1",
            metadata: { firebaseStorageDownloadTokens: token },
          },
        });
        expect(finalized.event.time).toBe(finalized.event.data.updated);
        expect(byType[METADATA_UPDATED]?.event.data).toMatchObject({
          metageneration: "2",
          metadata: { reviewed: "yes", firebaseStorageDownloadTokens: token },
        });
        expect(byType[DELETED]?.event.data).toMatchObject({
          name: `${folder}report.pdf`,
          metageneration: "2",
        });
        expect(probes.every((probe) => probe.starts.length === 1)).toBe(true);
      } finally {
        await client.close();
      }
    });

    it("delivers one trigger's events in the order of the writes", async () => {
      const folder = `${uniqueId("order")}/`;
      const client = asOwner();
      try {
        const names = ["1.txt", "2.txt", "3.txt", "4.txt"];
        for (const name of names)
          await uploadBytes(ref(client.service, `gs://${BUCKET}/${folder}${name}`), new Uint8Array(1));

        const probes = await probesOf(folder, names.length);
        const byStart = [...probes].sort((a, b) => (a.starts[0] as number) - (b.starts[0] as number));
        expect(byStart.map((probe) => probe.name)).toEqual(names.map((name) => `${folder}${name}`));
      } finally {
        await client.close();
      }
    });

    it("delivers the same event again after its handler throws, as the function's retry: true asks", async () => {
      const folder = `${uniqueId("retry")}/`;
      const client = asOwner();
      try {
        await uploadBytes(ref(client.service, `gs://${BUCKET}/${folder}fail-once.txt`), new Uint8Array(1));
        const [probe] = await new Promise<Probe[]>((resolve, reject) => {
          const stop = adminDb()
            .collection("triggerProbes")
            .where("name", "==", `${folder}fail-once.txt`)
            .onSnapshot((snapshot) => {
              const starts = (snapshot.docs[0]?.get("starts") as number[] | undefined) ?? [];
              if (starts.length < 2) return;
              stop();
              resolve(snapshot.docs.map((doc) => ({ ...(doc.data() as Probe), id: doc.id })));
            }, reject);
        });
        // One record per event id: the second run received the first run's event.
        expect(probe?.starts).toHaveLength(2);
      } finally {
        await client.close();
      }
    });
  },
);
