import { describe, expect, it } from "vitest";
import { parseRules, type RulesRequest } from "../src/index.js";
import { DOCS, alice, bob, decisionOutcome, storageRules } from "./helpers.js";

const object = (name: string) => `/b/demo-bucket/o/${name}`;

describe("Storage core syntax — https://firebase.google.com/docs/storage/security/core-syntax", () => {
  const rules = parseRules(
    storageRules(`
    match /images/{imageId} {
      allow read;
      allow write: if request.resource.size < 5 * 1024 * 1024
        && request.resource.contentType.matches('image/.*');
    }
    match /users/{userId}/{allPaths=**} {
      allow read, write: if request.auth != null && request.auth.uid == userId;
    }`),
  );

  it("allows reading public images", () =>
    expect(rules.evaluate({ path: object("images/a.png"), method: "get", auth: null }).allowed).toBe(true));
  it("allows an image upload under the size limit", () => {
    const requestResource = { name: "images/a.png", size: 1024, contentType: "image/png" };
    expect(
      rules.evaluate({ path: object("images/a.png"), method: "create", auth: alice, requestResource })
        .allowed,
    ).toBe(true);
  });
  it("rejects an upload that is too large or not an image", () => {
    const big = { size: 6 * 1024 * 1024, contentType: "image/png" };
    const text = { size: 10, contentType: "text/plain" };
    expect(
      rules.evaluate({ path: object("images/a"), method: "create", auth: alice, requestResource: big })
        .allowed,
    ).toBe(false);
    expect(
      rules.evaluate({ path: object("images/a"), method: "update", auth: alice, requestResource: text })
        .allowed,
    ).toBe(false);
  });
  it("matches nested object paths with a recursive wildcard", () => {
    expect(
      rules.evaluate({ path: object("users/alice/a/b/c.txt"), method: "get", auth: alice }).allowed,
    ).toBe(true);
    expect(
      rules.evaluate({ path: object("users/alice/a/b/c.txt"), method: "delete", auth: bob }).allowed,
    ).toBe(false);
  });
  it("does not match deeper paths with a single-segment wildcard", () =>
    expect(rules.evaluate({ path: object("images/x/y.png"), method: "get", auth: null }).allowed).toBe(
      false,
    ));
  it("judges a list by the rules of the folder", () => {
    expect(rules.evaluate({ path: object("users/alice"), method: "list", auth: alice }).allowed).toBe(true);
    expect(rules.evaluate({ path: object("users/alice"), method: "list", auth: bob }).allowed).toBe(false);
  });
});

describe("Storage conditions — https://firebase.google.com/docs/storage/security/rules-conditions", () => {
  const rules = parseRules(
    storageRules(`
    match /files/{fileName} {
      allow read: if resource.metadata.owner == request.auth.uid
        || resource.contentType == 'application/pdf';
      allow update: if request.resource.metadata.owner == resource.metadata.owner
        && request.time < resource.timeCreated + duration.value(1, 'h');
      allow delete: if resource.size < 1000 && resource.name == 'files/' + fileName
        && resource.bucket == bucket;
      allow create: if request.resource.metadata.keys().hasOnly(['owner'])
        && request.resource.md5Hash is string && request.path == /b/$(bucket)/o/files/$(fileName);
    }`),
  );
  const created = new Date("2024-01-01T00:00:00Z");
  const existing = {
    name: "files/a.pdf",
    bucket: "demo-bucket",
    size: 10,
    contentType: "text/plain",
    timeCreated: created,
    metadata: { owner: "alice" },
  };

  it("reads custom metadata of the stored object", () => {
    expect(
      rules.evaluate({ path: object("files/a.pdf"), method: "get", auth: alice, resource: existing }).allowed,
    ).toBe(true);
    expect(
      rules.evaluate({ path: object("files/a.pdf"), method: "get", auth: bob, resource: existing }).allowed,
    ).toBe(false);
  });
  it("compares times with timestamps and durations", () => {
    const req = {
      path: object("files/a.pdf"),
      method: "update" as const,
      auth: alice,
      resource: existing,
      requestResource: { ...existing, metadata: { owner: "alice" } },
    };
    expect(rules.evaluate({ ...req, time: new Date("2024-01-01T00:30:00Z") }).allowed).toBe(true);
    expect(rules.evaluate({ ...req, time: new Date("2024-01-01T02:00:00Z") }).allowed).toBe(false);
  });
  it("exposes name, bucket and size of the stored object", () =>
    expect(
      rules.evaluate({ path: object("files/a.pdf"), method: "delete", auth: alice, resource: existing })
        .allowed,
    ).toBe(true));
  it("sees the upload's metadata and the object path", () => {
    const requestResource = { name: "files/b", md5Hash: "abc==", metadata: { owner: "alice" } };
    expect(
      rules.evaluate({ path: object("files/b"), method: "create", auth: alice, requestResource }).allowed,
    ).toBe(true);
    const extra = { ...requestResource, metadata: { owner: "alice", x: "1" } };
    expect(
      rules.evaluate({ path: object("files/b"), method: "create", auth: alice, requestResource: extra })
        .allowed,
    ).toBe(false);
  });
  it("denies with an error when metadata is missing", () => {
    const d = rules.evaluate({
      path: object("files/a"),
      method: "get",
      auth: alice,
      resource: { contentType: "x" },
    });
    expect(decisionOutcome(d)).toBe("error");
  });
});

describe("Storage rules reading Firestore — https://firebase.google.com/docs/storage/security/rules-conditions#enhance_with_firestore", () => {
  const rules = parseRules(
    storageRules(`
    match /projects/{projectId}/{file=**} {
      allow read: if firestore.exists(/databases/(default)/documents/projects/$(projectId)/members/$(request.auth.uid));
      allow write: if firestore.get(/databases/(default)/documents/users/$(request.auth.uid)).data.role == 'admin';
    }
    match /legacy/{file} {
      allow read: if get(/databases/(default)/documents/users/x) != null;
    }`),
  );
  const documents = {
    [`${DOCS}/projects/p1/members/alice`]: {},
    [`${DOCS}/users/alice`]: { role: "admin" },
    [`${DOCS}/users/bob`]: { role: "viewer" },
  };

  it("checks existence of a Firestore document", () => {
    expect(
      rules.evaluate({ path: object("projects/p1/a.txt"), method: "get", auth: alice, documents }).allowed,
    ).toBe(true);
    expect(
      rules.evaluate({ path: object("projects/p1/a.txt"), method: "get", auth: bob, documents }).allowed,
    ).toBe(false);
  });
  it("reads a Firestore document's data", () => {
    const req = {
      path: object("projects/p1/a.txt"),
      method: "create" as const,
      documents,
      requestResource: {},
    };
    expect(rules.evaluate({ ...req, auth: alice }).allowed).toBe(true);
    expect(rules.evaluate({ ...req, auth: bob }).allowed).toBe(false);
  });
  it("offers get() only under the firestore namespace", () => {
    const d = rules.evaluate({ path: object("legacy/a"), method: "get", auth: alice, documents });
    expect(decisionOutcome(d)).toBe("error");
  });
});

// Production and the official emulator judge an upload over an existing object by `create`, with
// `resource` set to the object it replaces; `update` is for metadata updates only
// (firebase-tools#3292, firebase-js-sdk#5079, and the emulator since firebase-tools#4828).
describe("Storage uploads over an existing object — https://github.com/firebase/firebase-tools/pull/4828", () => {
  const rules = parseRules(
    storageRules(`
    match /files/{fileName} {
      allow create: if resource == null
        || (resource.metadata.owner == request.auth.uid && request.resource.size > resource.size);
      allow update: if request.resource.contentType == resource.contentType;
    }`),
  );
  const existing = {
    name: "files/a.pdf",
    size: 10,
    contentType: "application/pdf",
    metadata: { owner: "alice" },
  };
  const upload = (auth: RulesRequest["auth"], size: number, resource: typeof existing | null) =>
    rules.evaluate({
      path: object("files/a.pdf"),
      method: "create",
      auth,
      resource,
      requestResource: { name: "files/a.pdf", size, contentType: "application/pdf", metadata: {} },
    });

  it("sees no resource on a create of a new object", () =>
    expect(decisionOutcome(upload(bob, 1, null))).toBe(true));
  it("sees the replaced object as resource on a create over it", () => {
    expect(decisionOutcome(upload(alice, 20, existing))).toBe(true);
    expect(decisionOutcome(upload(alice, 5, existing))).toBe(false);
    expect(decisionOutcome(upload(bob, 20, existing))).toBe(false);
  });
  it("judges a metadata update by update, with the stored object as resource", () => {
    const metadataUpdate = {
      path: object("files/a.pdf"),
      method: "update" as const,
      auth: bob,
      resource: existing,
      requestResource: { ...existing, metadata: { owner: "bob" } },
    };
    expect(rules.evaluate(metadataUpdate).allowed).toBe(true);
    const d = rules.evaluate({
      ...metadataUpdate,
      requestResource: { ...existing, contentType: "text/csv" },
    });
    expect(decisionOutcome(d)).toBe(false);
  });
});

describe("service selection — https://firebase.google.com/docs/rules/rules-behavior", () => {
  it("applies a Storage ruleset only to Storage paths", () => {
    const rules = parseRules(storageRules("match /{all=**} { allow read; }"));
    expect(rules.evaluate({ path: object("a"), method: "get", auth: null }).allowed).toBe(true);
    expect(rules.evaluate({ path: `${DOCS}/a/b`, method: "get", auth: null }).allowed).toBe(false);
  });
  it("rejects a path of neither service", () => {
    const rules = parseRules(storageRules("match /{all=**} { allow read; }"));
    expect(() => rules.evaluate({ path: "/elsewhere/a", method: "get", auth: null })).toThrow(TypeError);
  });
  it("holds both services in one file", () => {
    const rules = parseRules(`rules_version = '2';
service cloud.firestore { match /databases/{db}/documents { match /a/{b} { allow read; } } }
service firebase.storage { match /b/{bucket}/o { match /x/{y} { allow read; } } }`);
    expect(rules.evaluate({ path: `${DOCS}/a/b`, method: "get", auth: null }).allowed).toBe(true);
    expect(rules.evaluate({ path: object("x/y"), method: "get", auth: null }).allowed).toBe(true);
    expect(rules.coverage().map((r) => r.service)).toEqual(["cloud.firestore", "firebase.storage"]);
  });
});

describe("empty path segments — the service keeps them (`a//b` is three segments)", () => {
  const rules = parseRules(
    storageRules(`
    match /partners/{partnerId}/attachments/{entryId}/{fileName} {
      allow create: if resource == null;
    }`),
  );
  const create = (name: string) =>
    rules.evaluate({ path: object(name), method: "create", auth: alice, requestResource: { size: 1 } })
      .allowed;

  it("matches the plain name", () => expect(create("partners/acme/attachments/e1/a.pdf")).toBe(true));
  it("does not match a name with an empty segment before the file", () =>
    expect(create("partners/acme/attachments/e1//a.pdf")).toBe(false));
  it("does not match a name with an empty segment inside the prefix", () =>
    expect(create("partners/acme//attachments/e1/a.pdf")).toBe(false));
});
