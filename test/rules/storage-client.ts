import type { RulesTestContext, RulesTestEnvironment } from "@firebase/rules-unit-testing";
import type { Operation } from "./operations.js";
import { BUCKET, seedObjects } from "./world.js";

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

/** Performs one Storage operation in the actor's context; resolves if the emulator allowed it. */
export async function performStorage(context: RulesTestContext, op: Operation): Promise<void> {
  const bucket = context.storage(`gs://${BUCKET}`);
  switch (op.kind) {
    case "storage.get":
      await bucket.ref(op.name).getMetadata();
      return;
    case "storage.upload":
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
