import {
  deleteObject,
  getBytes,
  getMetadata,
  list,
  ref,
  updateMetadata,
  uploadBytes,
  type FirebaseStorage,
} from "firebase/storage";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Firestore } from "@google-cloud/firestore";
import { createFirestoreEmulator } from "../../firestore-emulator/src/index.js";
import { firestoreEmulatorLookup, staticLookup } from "../src/index.js";
import { idToken, patternBytes, PROJECT_ID, startTestBed, type TestBed } from "./support/sdk.js";

const RULES = `rules_version = '2';
service firebase.storage {
  match /b/{bucket}/o {
    match /users/{uid}/{file} {
      allow get, list: if request.auth != null && request.auth.uid == uid;
      // No overwrites: an upload over an existing object is a create whose resource is that object.
      allow create: if request.auth != null && request.auth.uid == uid && resource == null
        && request.resource.size <= 100 && request.resource.contentType == 'text/plain';
      allow update: if request.auth.uid == uid
        && request.resource.metadata.keys().hasOnly(['note'])
        && request.resource.size == resource.size;
      allow delete: if request.auth.uid == uid;
    }
    match /drafts/{file} {
      // Overwrites allowed only while the stored object is not locked.
      allow create: if resource == null || resource.metadata.get('locked', 'no') != 'yes';
      allow get: if true;
    }
    match /teams/{team}/{file} {
      allow get: if request.auth.uid in firestore.get(/databases/(default)/documents/teams/$(team)).data.members;
      allow create: if firestore.exists(/databases/(default)/documents/teams/$(team));
    }
  }
}`;

const TEAMS = { "/databases/(default)/documents/teams/red": { members: ["alice"] } };

describe("storage emulator judging client requests by storage.rules", () => {
  let bed: TestBed;
  let alice: FirebaseStorage;
  let bob: FirebaseStorage;
  let owner: FirebaseStorage;
  beforeAll(async () => {
    bed = await startTestBed({ rules: RULES, firestore: staticLookup(TEAMS) });
    alice = bed.as({ sub: "alice" });
    bob = bed.as({ sub: "bob" });
    owner = bed.asOwner();
  });
  afterAll(() => bed.close());
  beforeEach(() => bed.emulator.reset());

  const text = (n = 10) => ({ data: patternBytes(n), metadata: { contentType: "text/plain" } });
  const exists = (path: string) =>
    getMetadata(ref(owner, path)).then(
      () => true,
      (error: { code?: string }) =>
        error.code === "storage/object-not-found" ? false : Promise.reject(error),
    );

  it("answers an unauthenticated upload with 403 (storage/unauthorized), and stores nothing", async () => {
    const { data, metadata } = text();
    await expect(
      uploadBytes(ref(bed.anonymous(), "users/alice/a.txt"), data, metadata),
    ).rejects.toMatchObject({
      code: "storage/unauthorized",
      status: 403,
    });
    expect(await exists("users/alice/a.txt")).toBe(false);
  });

  it("allows an upload the create rule grants, and refuses one over its size and type bounds", async () => {
    const { data, metadata } = text();
    await uploadBytes(ref(alice, "users/alice/a.txt"), data, metadata);
    await expect(
      uploadBytes(ref(alice, "users/alice/big.txt"), patternBytes(101), metadata),
    ).rejects.toMatchObject({ code: "storage/unauthorized" });
    await expect(
      uploadBytes(ref(alice, "users/alice/page.html"), data, { contentType: "text/html" }),
    ).rejects.toMatchObject({ code: "storage/unauthorized" });
    await expect(uploadBytes(ref(bob, "users/alice/b.txt"), data, metadata)).rejects.toMatchObject({
      code: "storage/unauthorized",
    });
    expect(await exists("users/alice/a.txt")).toBe(true);
    expect([await exists("users/alice/big.txt"), await exists("users/alice/page.html")]).toEqual([
      false,
      false,
    ]);
  });

  it("judges an upload over an existing object as create with resource set to the stored object", async () => {
    const { data, metadata } = text();
    await uploadBytes(ref(alice, "users/alice/a.txt"), data, metadata);
    await expect(
      uploadBytes(ref(alice, "users/alice/a.txt"), patternBytes(20), metadata),
    ).rejects.toMatchObject({
      code: "storage/unauthorized",
    });
    expect(new Uint8Array(await getBytes(ref(owner, "users/alice/a.txt")))).toEqual(data);

    await uploadBytes(ref(alice, "drafts/d.txt"), data, { customMetadata: { locked: "no" } });
    await uploadBytes(ref(alice, "drafts/d.txt"), patternBytes(3), { customMetadata: { locked: "yes" } });
    await expect(uploadBytes(ref(alice, "drafts/d.txt"), patternBytes(4))).rejects.toMatchObject({
      code: "storage/unauthorized",
    });
    expect((await getMetadata(ref(owner, "drafts/d.txt"))).size).toBe(3);
  });

  it("judges a metadata change as update, with the stored object as resource and the result as request.resource", async () => {
    const { data, metadata } = text();
    await uploadBytes(ref(alice, "users/alice/a.txt"), data, metadata);
    const updated = await updateMetadata(ref(alice, "users/alice/a.txt"), { customMetadata: { note: "ok" } });
    expect(updated.customMetadata).toEqual({ note: "ok" });
    await expect(
      updateMetadata(ref(alice, "users/alice/a.txt"), { customMetadata: { other: "x" } }),
    ).rejects.toMatchObject({ code: "storage/unauthorized" });
    await expect(
      updateMetadata(ref(bob, "users/alice/a.txt"), { customMetadata: { note: "bob" } }),
    ).rejects.toMatchObject({ code: "storage/unauthorized" });
    expect((await getMetadata(ref(owner, "users/alice/a.txt"))).customMetadata).toEqual({ note: "ok" });
  });

  it("judges a listing as list on its prefix", async () => {
    const { data, metadata } = text();
    await uploadBytes(ref(alice, "users/alice/a.txt"), data, metadata);
    const page = await list(ref(alice, "users/alice"));
    expect(page.items.map((item) => item.fullPath)).toEqual(["users/alice/a.txt"]);
    await expect(list(ref(bob, "users/alice"))).rejects.toMatchObject({ code: "storage/unauthorized" });
    await expect(list(ref(alice, "users"))).rejects.toMatchObject({ code: "storage/unauthorized" });
  });

  it("judges a delete with the stored object as resource; a denied delete leaves the object", async () => {
    const { data, metadata } = text();
    await uploadBytes(ref(alice, "users/alice/a.txt"), data, metadata);
    await expect(deleteObject(ref(bob, "users/alice/a.txt"))).rejects.toMatchObject({
      code: "storage/unauthorized",
    });
    expect(await exists("users/alice/a.txt")).toBe(true);
    await deleteObject(ref(alice, "users/alice/a.txt"));
    expect(await exists("users/alice/a.txt")).toBe(false);
  });

  it("answers 403, not 404, to a caller without access asking for a missing object", async () => {
    await expect(getMetadata(ref(bob, "users/alice/none.txt"))).rejects.toMatchObject({
      code: "storage/unauthorized",
    });
    await expect(getMetadata(ref(alice, "users/alice/none.txt"))).rejects.toMatchObject({
      code: "storage/object-not-found",
    });
  });

  it("reads Firestore through the injected lookup for firestore.get() and firestore.exists()", async () => {
    await uploadBytes(ref(alice, "teams/red/plan.txt"), patternBytes(5));
    await expect(uploadBytes(ref(alice, "teams/blue/plan.txt"), patternBytes(5))).rejects.toMatchObject({
      code: "storage/unauthorized",
    });
    expect(new Uint8Array(await getBytes(ref(alice, "teams/red/plan.txt")))).toEqual(patternBytes(5));
    await expect(getBytes(ref(bob, "teams/red/plan.txt"))).rejects.toMatchObject({
      code: "storage/unauthorized",
    });
    expect(await exists("teams/blue/plan.txt")).toBe(false);
  });

  it("lets owner credentials bypass rules", async () => {
    await uploadBytes(ref(owner, "elsewhere/x.bin"), patternBytes(500));
    expect((await getMetadata(ref(owner, "elsewhere/x.bin"))).size).toBe(500);
    await expect(getMetadata(ref(alice, "elsewhere/x.bin"))).rejects.toMatchObject({
      code: "storage/unauthorized",
    });
  });

  it("counts each judged request once in the coverage of the allow statement it reached", async () => {
    bed.emulator.resetCoverage();
    await expect(getMetadata(ref(bob, "teams/red/none.txt"))).rejects.toMatchObject({
      code: "storage/unauthorized",
    });
    const row = bed.emulator
      .coverage()
      .find((r) => r.matchPath.includes("teams") && r.methods.includes("get"));
    expect(row).toMatchObject({ allowed: 0, denied: 1 });
  });
});

describe("storage emulator faults and missing rules", () => {
  it("answers 503 when a rule's Firestore read fails, and stores nothing", async () => {
    const bed = await startTestBed({
      rules: RULES,
      firestore: () => Promise.reject(new Error("connection refused")),
    });
    try {
      const url = `${bed.origin}/v0/b/b1/o?name=${encodeURIComponent("teams/red/x.txt")}`;
      const headers = {
        authorization: `Firebase ${idToken({ sub: "alice" })}`,
        "content-type": "text/plain",
      };
      const response = await fetch(url, { method: "POST", headers, body: "hello" });
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ error: { code: 503 } });
      const check = await fetch(`${bed.origin}/v0/b/b1/o/${encodeURIComponent("teams/red/x.txt")}`, {
        headers: { authorization: "Firebase owner" },
      });
      expect(check.status).toBe(404);
    } finally {
      await bed.close();
    }
  });

  it("refuses every request but owner's while no rules are loaded", async () => {
    const bed = await startTestBed();
    try {
      await expect(
        uploadBytes(ref(bed.as({ sub: "alice" }), "a.txt"), patternBytes(1)),
      ).rejects.toMatchObject({
        code: "storage/unauthorized",
      });
      await uploadBytes(ref(bed.asOwner(), "a.txt"), patternBytes(1));
      expect((await getMetadata(ref(bed.asOwner(), "a.txt"))).size).toBe(1);
    } finally {
      await bed.close();
    }
  });
});

describe("storage emulator reading a Firestore emulator for firestore.get()", () => {
  it("sees documents written to the Firestore emulator, past its firestore.rules", async () => {
    const firestore = createFirestoreEmulator({ port: 0 });
    await firestore.start();
    const connection = firestoreEmulatorLookup({
      projectId: PROJECT_ID,
      host: firestore.host,
      port: firestore.port,
    });
    const bed = await startTestBed({ rules: RULES, firestore: connection.lookup });
    const admin = new Firestore({
      projectId: PROJECT_ID,
      host: firestore.host,
      port: firestore.port,
      ssl: false,
      customHeaders: { Authorization: "Bearer owner" },
      universeDomain: "googleapis.com",
    });
    try {
      // Firestore rules that refuse everyone: the storage rules' reads must not be judged by them.
      firestore.loadRules(PROJECT_ID, [
        {
          content:
            "rules_version = '2'; service cloud.firestore { match /{d=**} { allow read, write: if false; } }",
        },
      ]);
      const alice = bed.as({ sub: "alice" });
      await expect(uploadBytes(ref(alice, "teams/red/plan.txt"), patternBytes(5))).rejects.toMatchObject({
        code: "storage/unauthorized",
      });
      await admin.doc("teams/red").set({ members: ["alice"] });
      await uploadBytes(ref(alice, "teams/red/plan.txt"), patternBytes(5));
      expect(new Uint8Array(await getBytes(ref(alice, "teams/red/plan.txt")))).toEqual(patternBytes(5));
    } finally {
      await bed.close();
      await admin.terminate();
      await connection.close();
      await firestore.stop();
    }
  });
});
