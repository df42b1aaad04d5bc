import type { RulesTestContext, RulesTestEnvironment } from "@firebase/rules-unit-testing";
import { deleteApp, initializeApp } from "firebase/app";
import { connectStorageEmulator, getBytes, getStorage, ref } from "firebase/storage";
import type { FirestoreAddress } from "./firestore-client.js";
import type { Operation } from "./operations.js";
import { BUCKET, seedObjects, type Auth } from "./world.js";

// The Storage half of the rules-unit-testing backend: the seed, and each Storage operation as a
// partner's code would do it with the Firebase JS SDK.

type StorageRef = ReturnType<ReturnType<RulesTestContext["storage"]>["ref"]>;

async function deleteTree(ref: StorageRef): Promise<void> {
  const { items, prefixes } = await ref.listAll();
  await Promise.all(items.map((item) => item.delete()));
  await Promise.all(prefixes.map(deleteTree));
}

/** Empties the bucket and uploads the seed with rules disabled. */
export async function reseedStorage(env: RulesTestEnvironment): Promise<void> {
  await env.withSecurityRulesDisabled(async (context) => {
    // env.clearStorage() empties only the top level of the default bucket; ours is nested.
    const bucket = context.storage(`gs://${BUCKET}`);
    await deleteTree(bucket.ref());
    for (const [name, object] of Object.entries(seedObjects)) {
      await bucket.ref(name).put(new Uint8Array(object.size), { contentType: object.contentType });
    }
  });
}

let downloads = 0;

/**
 * getBytes() with the modular SDK, signed in as `auth` with the mock token rules-unit-testing would
 * give it: the compat API that rules-unit-testing hands out has no way to download an object's bytes.
 */
async function download(projectId: string, address: FirestoreAddress, auth: Auth | null, name: string) {
  const app = initializeApp({ projectId, storageBucket: BUCKET }, `matrix-download-${downloads++}`);
  try {
    const storage = getStorage(app);
    connectStorageEmulator(
      storage,
      address.host,
      address.port,
      auth ? { mockUserToken: { ...auth.token, sub: auth.uid, user_id: auth.uid } } : {},
    );
    await getBytes(ref(storage, name));
  } finally {
    await deleteApp(app);
  }
}

/** Performs one Storage operation in the actor's context; resolves if the emulator allowed it. */
export async function performStorage(
  context: RulesTestContext,
  projectId: string,
  address: FirestoreAddress,
  auth: Auth | null,
  op: Operation,
): Promise<void> {
  const bucket = context.storage(`gs://${BUCKET}`);
  switch (op.kind) {
    case "storage.get":
      await bucket.ref(op.name).getMetadata();
      return;
    case "storage.download":
      await download(projectId, address, auth, op.name);
      return;
    case "storage.list":
      await bucket.ref(op.prefix).list({ maxResults: 100 });
      return;
    case "storage.upload":
      // Over 256 KiB the SDK uploads resumably (start, chunks, finalize); below, in one multipart request.
      await bucket
        .ref(op.name)
        .put(new Uint8Array(op.size), { contentType: op.contentType, customMetadata: op.customMetadata });
      return;
    case "storage.updateMetadata":
      await bucket.ref(op.name).updateMetadata({ customMetadata: op.customMetadata });
      return;
    case "storage.delete":
      await bucket.ref(op.name).delete();
      return;
    default:
      throw new TypeError(`${op.kind} is not a Storage operation`);
  }
}
