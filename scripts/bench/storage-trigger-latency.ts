import { deleteApp, initializeApp } from "firebase/app";
import { connectStorageEmulator, getStorage, ref, uploadBytes } from "firebase/storage";
import { collectionPath } from "partner-api-functions/shared";
import { PROJECT_ID, STORAGE_EMULATOR_HOST } from "../stack/stack-config.js";
import { percentile } from "./delivery-latency.js";
import { openAdmin } from "./fixtures.js";

/** From a finalized upload to the start of its onObjectFinalized handler, on the stack. */
export interface StorageTriggerLatency {
  uploads: number;
  /** The first upload's, which starts the function's worker. */
  firstMs: number;
  /** The others', one upload at a time, each after the previous handler started. */
  finalizeToHandler: { p50Ms: number; p99Ms: number };
}

/** The emulator-only probes' bucket (functions/src/probes; PARTNER_API_TRIGGER_PROBES exports them). */
const PROBED_BUCKET = "trigger-probes";
const WAIT_MS = 60_000;

/**
 * Uploads `uploads` small objects one after another with the Firebase JS SDK and reads, for each, when the
 * probe's handler started (it records that first) against the object's finalize time (`timeCreated`).
 */
export async function measureStorageTriggerLatency(uploads: number): Promise<StorageTriggerLatency> {
  const app = initializeApp({ projectId: PROJECT_ID, storageBucket: PROBED_BUCKET }, `bench-${Date.now()}`);
  const storage = getStorage(app);
  const [host = "", port] = STORAGE_EMULATOR_HOST.split(":");
  connectStorageEmulator(storage, host, Number(port), { mockUserToken: "owner" });
  const admin = openAdmin();
  const folder = `bench-${Date.now().toString(36)}`;
  const latencies: number[] = [];
  try {
    for (let i = 0; i < uploads; i++) {
      const name = `${folder}/${i}.txt`;
      const { metadata } = await uploadBytes(ref(storage, name), new Uint8Array(16));
      const started = await handlerStart(admin.firestore, name);
      latencies.push(started - Date.parse(metadata.timeCreated));
    }
  } finally {
    await admin.close();
    await deleteApp(app);
  }
  const [firstMs = 0, ...warm] = latencies;
  return {
    uploads,
    firstMs,
    finalizeToHandler: { p50Ms: percentile(warm, 50), p99Ms: percentile(warm, 99) },
  };
}

/** When the finalized probe's handler first started for the object `name`. */
function handlerStart(firestore: ReturnType<typeof openAdmin>["firestore"], name: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no trigger ran for ${name} within ${WAIT_MS} ms`)),
      WAIT_MS,
    );
    const stop = firestore
      .collection(collectionPath("triggerProbes"))
      .where("name", "==", name)
      .where("type", "==", "google.cloud.storage.object.v1.finalized")
      .onSnapshot((snapshot) => {
        const starts = snapshot.docs[0]?.get("starts") as number[] | undefined;
        if (starts === undefined) return;
        clearTimeout(timer);
        stop();
        resolve(starts[0] as number);
      }, reject);
  });
}
