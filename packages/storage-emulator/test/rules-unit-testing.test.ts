import {
  assertFails,
  assertSucceeds,
  initializeTestEnvironment,
  type RulesTestEnvironment,
} from "@firebase/rules-unit-testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createStorageEmulator, type StorageEmulator } from "../src/index.js";
import { PROJECT_ID } from "./support/sdk.js";

const RULES = `rules_version = '2';
service firebase.storage {
  match /b/{bucket}/o {
    match /users/{uid}/{file} {
      allow read: if request.auth != null && request.auth.uid == uid;
      allow write: if request.auth != null && request.auth.uid == uid && request.resource.size < 1024;
    }
  }
}`;

type CompatStorage = ReturnType<ReturnType<RulesTestEnvironment["unauthenticatedContext"]>["storage"]>;

/** The compat SDK's put() is a thenable UploadTask; the assertions take a Promise. */
const upload = (storage: CompatStorage, path: string, data: Uint8Array) =>
  Promise.resolve(storage.ref(path).put(data));

// A suite written the way rules-unit-testing's documentation shows, unchanged, against this emulator.
describe("@firebase/rules-unit-testing against the storage emulator", () => {
  let emulator: StorageEmulator;
  let env: RulesTestEnvironment;
  beforeAll(async () => {
    emulator = createStorageEmulator({ port: 0, log: () => undefined });
    await emulator.start();
    env = await initializeTestEnvironment({
      projectId: PROJECT_ID,
      storage: { host: emulator.host, port: emulator.port, rules: RULES },
    });
  });
  afterAll(async () => {
    await env.cleanup();
    await emulator.stop();
  });
  beforeEach(() => env.clearStorage());

  it("loads rules through setRules and judges each context's requests by them", async () => {
    const alice = env.authenticatedContext("alice").storage();
    const bob = env.authenticatedContext("bob").storage();
    await assertSucceeds(upload(alice, "users/alice/a.txt", new Uint8Array(10)));
    await assertFails(upload(alice, "users/alice/big.txt", new Uint8Array(2048)));
    await assertFails(upload(bob, "users/alice/b.txt", new Uint8Array(10)));
    await assertFails(env.unauthenticatedContext().storage().ref("users/alice/a.txt").getMetadata());
    await assertSucceeds(alice.ref("users/alice/a.txt").getMetadata());
    await assertFails(bob.ref("users/alice/a.txt").getDownloadURL());
  });

  it("writes with rules disabled, and clearStorage removes what was written", async () => {
    await env.withSecurityRulesDisabled(async (context) => {
      await upload(context.storage(), "seed.txt", new Uint8Array(3));
    });
    await assertFails(env.authenticatedContext("alice").storage().ref("seed.txt").getMetadata());
    await env.clearStorage();
    await env.withSecurityRulesDisabled(async (context) => {
      const { items } = await context.storage().ref().listAll();
      expect(items).toEqual([]);
    });
  });

  it("refuses rules that do not parse with 400 naming the line, and keeps judging by the old rules", async () => {
    const response = await fetch(`http://${emulator.host}:${emulator.port}/internal/setRules`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        rules: { files: [{ name: "storage.rules", content: "service firebase.storage {\n  match" }] },
      }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 400, line: 2 } });
    await assertSucceeds(
      upload(env.authenticatedContext("alice").storage(), "users/alice/c.txt", new Uint8Array(1)),
    );
  });
});
