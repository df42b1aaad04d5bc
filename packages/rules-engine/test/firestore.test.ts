import { describe, expect, it } from "vitest";
import { latLng, parseRules, reference } from "../src/index.js";
import { DOCS, alice, bob, decisionOutcome, firestoreRules } from "./helpers.js";

const doc = (p: string) => `${DOCS}/${p}`;

describe("structure — https://firebase.google.com/docs/firestore/security/rules-structure", () => {
  const rules = parseRules(
    firestoreRules(`
    match /cities/{city} {
      allow read: if city == 'SF';
      allow create: if true;
      match /landmarks/{landmark} {
        allow read: if landmark.size() < 4;
      }
    }
    match /cities/{city} {
      allow update: if city == 'LA';
    }
    match /users/{userId}/{document=**} {
      allow read: if request.auth != null && request.auth.uid == userId;
    }
    match /{path=**}/posts/{post} {
      allow read: if post == 'p1';
    }`),
  );
  const run = (path: string, method: "get" | "list" | "create" | "update" | "delete", auth = alice) =>
    rules.evaluate({ path: doc(path), method, auth });

  it("grants through a wildcard binding", () => expect(run("cities/SF", "get").allowed).toBe(true));
  it("denies when the wildcard condition fails", () => expect(run("cities/NY", "get").allowed).toBe(false));
  it("applies read to list, where a condition on the document id cannot hold for every result", () =>
    expect(decisionOutcome(run("cities", "list"))).toBe("error"));
  it("grants create without a condition check", () => expect(run("cities/NY", "create").allowed).toBe(true));
  it("grants when any of several matching statements allows (overlapping matches)", () =>
    expect(run("cities/LA", "update").allowed).toBe(true));
  it("denies methods no statement names", () => expect(run("cities/SF", "delete").allowed).toBe(false));
  it("applies nested match blocks to subcollections", () =>
    expect(run("cities/SF/landmarks/abc", "get").allowed).toBe(true));
  it("does not cascade a parent's rules to subcollections", () =>
    expect(run("cities/SF/landmarks/abcdef", "get").allowed).toBe(false));
  it("denies a path no match covers", () => expect(run("countries/FR", "get").allowed).toBe(false));
  it("matches a recursive wildcard over one segment", () =>
    expect(run("users/alice/notes", "list").allowed).toBe(true));
  it("matches a recursive wildcard over several segments", () =>
    expect(run("users/alice/notes/n1/versions/v1", "get").allowed).toBe(true));
  it("matches a recursive wildcard over zero segments in version 2", () =>
    expect(run("users/alice", "get").allowed).toBe(true));
  it("binds the recursive wildcard's segments while checking other users", () =>
    expect(run("users/bob/notes/n1", "get").allowed).toBe(false));
  it("matches a leading recursive wildcard (collection group pattern)", () => {
    expect(run("users/alice/posts/p1", "get").allowed).toBe(true);
    expect(run("posts/p1", "get").allowed).toBe(true);
    expect(run("a/b/c/d/posts/p2", "get").allowed).toBe(false);
  });
  it("reports which statement granted, by line and column", () => {
    expect(run("cities/SF", "get").grantedBy).toEqual({ line: 6, column: 7 });
    expect(run("cities/LA", "update").grantedBy).toEqual({ line: 13, column: 7 });
    expect(run("cities/NY", "get").grantedBy).toBeNull();
  });
});

describe("version 1 recursive wildcards — https://firebase.google.com/docs/firestore/security/rules-structure#recursive_wildcards", () => {
  const source = (version: string) => `${version}
service cloud.firestore {
  match /databases/{database}/documents {
    match /cities/{city}/{document=**} { allow read: if true; }
  }
}`;
  it("matches one or more segments in version 1, not zero", () => {
    const v1 = parseRules(source(""));
    expect(v1.evaluate({ path: doc("cities/SF/landmarks/x"), method: "get", auth: null }).allowed).toBe(true);
    expect(v1.evaluate({ path: doc("cities/SF"), method: "get", auth: null }).allowed).toBe(false);
  });
  it("matches zero segments in version 2", () => {
    const v2 = parseRules(source("rules_version = '2';"));
    expect(v2.evaluate({ path: doc("cities/SF"), method: "get", auth: null }).allowed).toBe(true);
  });
});

describe("request and resource — https://firebase.google.com/docs/firestore/security/rules-conditions", () => {
  const rules = parseRules(
    firestoreRules(`
    match /stories/{story} {
      allow get: if resource.data.visibility == 'public' || resource.data.author == request.auth.uid;
      allow create: if request.auth.uid == request.resource.data.author
        && request.resource.id == story
        && request.resource.__name__ == /databases/$(database)/documents/stories/$(story);
      allow update: if request.resource.data.author == resource.data.author
        && request.method == 'update';
      allow delete: if resource.id == story && resource.__name__ == request.path
        && request.auth.token.email_verified == true;
    }`),
  );
  const path = doc("stories/s1");

  it("reads existing data through resource.data", () => {
    expect(
      rules.evaluate({ path, method: "get", auth: null, resource: { visibility: "public" } }).allowed,
    ).toBe(true);
    expect(
      rules.evaluate({ path, method: "get", auth: bob, resource: { visibility: "x", author: "bob" } })
        .allowed,
    ).toBe(true);
  });
  it("denies, with an error, when a field is missing or auth is absent", () => {
    const d = rules.evaluate({ path, method: "get", auth: null, resource: { visibility: "private" } });
    expect(decisionOutcome(d)).toBe("error");
  });
  it("sees incoming data, id and __name__ through request.resource", () => {
    const d = rules.evaluate({ path, method: "create", auth: alice, requestResource: { author: "alice" } });
    expect(d.allowed).toBe(true);
    expect(
      rules.evaluate({ path, method: "create", auth: alice, requestResource: { author: "bob" } }).allowed,
    ).toBe(false);
  });
  it("compares incoming with existing data on update", () => {
    const req = { path, method: "update" as const, auth: alice };
    expect(
      rules.evaluate({ ...req, resource: { author: "a" }, requestResource: { author: "a" } }).allowed,
    ).toBe(true);
    expect(
      rules.evaluate({ ...req, resource: { author: "a" }, requestResource: { author: "b" } }).allowed,
    ).toBe(false);
  });
  it("exposes resource.id, resource.__name__ and token claims", () => {
    expect(rules.evaluate({ path, method: "delete", auth: alice, resource: {} }).allowed).toBe(true);
    expect(rules.evaluate({ path, method: "delete", auth: bob, resource: {} }).allowed).toBe(false);
  });
  it("treats a missing document as resource == null", () => {
    const r = parseRules(firestoreRules("match /t/{id} { allow get: if resource == null; }"));
    expect(r.evaluate({ path: doc("t/x"), method: "get", auth: null }).allowed).toBe(true);
    expect(r.evaluate({ path: doc("t/x"), method: "get", auth: null, resource: {} }).allowed).toBe(false);
  });
});

describe("data types in documents — https://firebase.google.com/docs/firestore/security/rules-fields#enforcing_field_types", () => {
  const rules = parseRules(
    firestoreRules(`
    match /restaurants/{restaurant} {
      allow create: if request.resource.data.name is string
        && request.resource.data.location is latlng
        && request.resource.data.openedAt is timestamp
        && request.resource.data.rating is float
        && request.resource.data.reviews is int
        && request.resource.data.tags is list
        && request.resource.data.owner is path
        && request.resource.data.logo is bytes
        && request.resource.data.address is map;
    }`),
  );
  const good = {
    name: "Zuni",
    location: latLng(37.77, -122.42),
    openedAt: new Date(),
    rating: 4.5,
    reviews: 120,
    tags: ["cafe"],
    owner: reference(`${DOCS}/users/alice`),
    logo: new Uint8Array([1, 2]),
    address: { city: "SF" },
  };
  const create = (data: Record<string, unknown>) =>
    rules.evaluate({ path: doc("restaurants/r1"), method: "create", auth: alice, requestResource: data })
      .allowed;

  it("maps JS values to rules types", () => expect(create(good)).toBe(true));
  it("treats an integral JS number as an int, not a float", () =>
    expect(create({ ...good, rating: 4 })).toBe(false));
  it("rejects a wrong type", () => expect(create({ ...good, name: 7 })).toBe(false));
});

describe("field validation — https://firebase.google.com/docs/firestore/security/rules-fields", () => {
  const rules = parseRules(
    firestoreRules(`
    match /restaurant/{restId} {
      allow create: if request.resource.data.keys().hasAll(['name', 'location', 'city'])
        && request.resource.data.keys().hasOnly(['name', 'location', 'city', 'address', 'hours', 'cuisine']);
      allow update: if !request.resource.data.diff(resource.data).affectedKeys()
        .hasAny(['average_score', 'rating_count'])
        && (request.resource.data.get('photo', null) == null || request.resource.data.photo is string);
    }
    match /reviews/{reviewId} {
      allow update: if request.resource.data.diff(resource.data).affectedKeys().hasOnly(['name', 'location']);
    }`),
  );
  const path = doc("restaurant/r1");
  const base = { name: "n", location: "l", city: "c" };

  it("requires the listed fields", () => {
    expect(rules.evaluate({ path, method: "create", auth: alice, requestResource: base }).allowed).toBe(true);
    expect(
      rules.evaluate({ path, method: "create", auth: alice, requestResource: { name: "n" } }).allowed,
    ).toBe(false);
  });
  it("rejects fields outside the allowed set", () => {
    const data = { ...base, secret: true };
    expect(rules.evaluate({ path, method: "create", auth: alice, requestResource: data }).allowed).toBe(
      false,
    );
  });
  it("rejects updates touching protected fields", () => {
    const req = { path, method: "update" as const, auth: alice, resource: { ...base, rating_count: 1 } };
    expect(rules.evaluate({ ...req, requestResource: { ...base, rating_count: 1, city: "d" } }).allowed).toBe(
      true,
    );
    expect(rules.evaluate({ ...req, requestResource: { ...base, rating_count: 2 } }).allowed).toBe(false);
    expect(rules.evaluate({ ...req, requestResource: { ...base } }).allowed).toBe(false);
  });
  it("accepts an optional field when absent or well typed", () => {
    const req = { path, method: "update" as const, auth: alice, resource: base };
    expect(rules.evaluate({ ...req, requestResource: { ...base, photo: "p.png" } }).allowed).toBe(true);
    expect(rules.evaluate({ ...req, requestResource: { ...base, photo: 1 } }).allowed).toBe(false);
  });
  it("limits which keys an update may change", () => {
    const req = {
      path: doc("reviews/v1"),
      method: "update" as const,
      auth: alice,
      resource: { name: "a", score: 1 },
    };
    expect(rules.evaluate({ ...req, requestResource: { name: "b", score: 1 } }).allowed).toBe(true);
    expect(rules.evaluate({ ...req, requestResource: { name: "b", score: 2 } }).allowed).toBe(false);
  });
});

describe("get, exists, getAfter, existsAfter — https://firebase.google.com/docs/firestore/security/rules-conditions#access_other_documents", () => {
  const rules = parseRules(
    firestoreRules(`
    match /cities/{city} {
      allow create: if exists(/databases/$(database)/documents/users/$(request.auth.uid));
      allow delete: if get(/databases/$(database)/documents/users/$(request.auth.uid)).data.admin == true;
      allow get: if get(/databases/$(database)/documents/missing/x) == null;
    }
    match /users/{userId} {
      allow create: if getAfter(/databases/$(database)/documents/index/$(userId)).data.owner == userId
        && existsAfter(/databases/$(database)/documents/index/$(userId));
      allow delete: if !existsAfter(/databases/$(database)/documents/users/$(userId));
    }`),
  );
  const documents = { [doc("users/alice")]: { admin: true }, [doc("users/bob")]: { admin: false } };

  it("checks existence of another document", () => {
    expect(rules.evaluate({ path: doc("cities/SF"), method: "create", auth: alice, documents }).allowed).toBe(
      true,
    );
    const carol = { uid: "carol", token: {} };
    expect(rules.evaluate({ path: doc("cities/SF"), method: "create", auth: carol, documents }).allowed).toBe(
      false,
    );
  });
  it("reads another document's data", () => {
    expect(rules.evaluate({ path: doc("cities/SF"), method: "delete", auth: alice, documents }).allowed).toBe(
      true,
    );
    expect(rules.evaluate({ path: doc("cities/SF"), method: "delete", auth: bob, documents }).allowed).toBe(
      false,
    );
  });
  it("returns null for a document that does not exist", () => {
    expect(rules.evaluate({ path: doc("cities/SF"), method: "get", auth: null }).allowed).toBe(true);
  });
  it("reads the state after the batch with getAfter and existsAfter", () => {
    const after = { [doc("index/alice")]: { owner: "alice" }, [doc("users/alice")]: {} };
    const req = { path: doc("users/alice"), method: "create" as const, auth: alice, requestResource: {} };
    expect(rules.evaluate({ ...req, documentsAfter: after }).allowed).toBe(true);
    expect(rules.evaluate({ ...req, documentsAfter: {} }).allowed).toBe(false);
  });
  it("treats existsAfter(p) as getAfter(p) != null (rules.firestore reference)", () => {
    const r = parseRules(
      firestoreRules(`match /t/{id} {
        allow create: if existsAfter(/databases/$(database)/documents/t/$(id))
          == (getAfter(/databases/$(database)/documents/t/$(id)) != null)
          && exists(/databases/$(database)/documents/things/other) == false;
      }`),
    );
    expect(r.evaluate({ path: doc("t/x"), method: "create", auth: null, requestResource: {} }).allowed).toBe(
      true,
    );
  });
  it("derives the after-state from the request's own write when none is given", () => {
    const documents = { [doc("users/alice")]: {} };
    expect(
      rules.evaluate({ path: doc("users/alice"), method: "delete", auth: alice, documents }).allowed,
    ).toBe(true);
  });
});

describe("access call limits — https://firebase.google.com/docs/firestore/security/rules-conditions#access_calls_limits", () => {
  const gets = (n: number) =>
    Array.from({ length: n }, (_, i) => `exists(/databases/$(database)/documents/d/d${i})`).join(" && ");
  const documents = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [doc(`d/d${i}`), {}]));
  const run = (n: number, batchSize?: number) =>
    decisionOutcome(
      parseRules(firestoreRules(`match /t/{id} { allow write: if ${gets(n)}; }`)).evaluate({
        path: doc("t/x"),
        method: "create",
        auth: null,
        documents,
        requestResource: {},
        batchSize,
      }),
    );

  it("allows 10 document accesses in a single-document request", () => expect(run(10)).toBe(true));
  it("fails the 11th", () => expect(run(11)).toBe("error"));
  it("allows 20 in a batched write", () => expect(run(20, 5)).toBe(true));
  it("fails the 21st in a batched write", () => expect(run(21, 5)).toBe("error"));
  it("counts repeated reads of one document once", () => {
    const same = Array.from({ length: 15 }, () => "exists(/databases/$(database)/documents/d/d0)").join(
      " && ",
    );
    const r = parseRules(firestoreRules(`match /t/{id} { allow get: if ${same}; }`));
    expect(r.evaluate({ path: doc("t/x"), method: "get", auth: null, documents }).allowed).toBe(true);
  });
  it("rejects a string where get() needs a path", () => {
    const r = parseRules(firestoreRules(`match /t/{id} { allow get: if exists('/databases/x'); }`));
    expect(decisionOutcome(r.evaluate({ path: doc("t/x"), method: "get", auth: null }))).toBe("error");
  });
});

describe("coverage — https://firebase.google.com/docs/rules/emulator-reports", () => {
  it("counts, per allow statement, conditions that held and that did not", () => {
    const rules = parseRules(
      firestoreRules(`
    match /t/{id} {
      allow get: if id == 'yes';
      allow list: if false;
      allow create: if {}.missing;
    }`),
    );
    const run = (id: string, method: "get" | "create") =>
      rules.evaluate({ path: doc(`t/${id}`), method, auth: null });
    run("yes", "get");
    run("no", "get");
    run("no", "get");
    run("x", "create");
    expect(rules.coverage()).toEqual([
      {
        line: 6,
        column: 7,
        service: "cloud.firestore",
        matchPath: "/databases/{database}/documents/t/{id}",
        methods: ["get"],
        allowed: 1,
        denied: 2,
      },
      {
        line: 7,
        column: 7,
        service: "cloud.firestore",
        matchPath: "/databases/{database}/documents/t/{id}",
        methods: ["list"],
        allowed: 0,
        denied: 0,
      },
      {
        line: 8,
        column: 7,
        service: "cloud.firestore",
        matchPath: "/databases/{database}/documents/t/{id}",
        methods: ["create"],
        allowed: 0,
        denied: 1,
      },
    ]);
    rules.resetCoverage();
    expect(rules.coverage().every((r) => r.allowed === 0 && r.denied === 0)).toBe(true);
  });

  it("reports the errors that denied a request with the statement's position", () => {
    const rules = parseRules(firestoreRules("match /t/{id} {\n allow get: if resource.data.x == 1;\n}"));
    const d = rules.evaluate({ path: doc("t/a"), method: "get", auth: null, resource: {} });
    expect(d.allowed).toBe(false);
    expect(d.errors).toHaveLength(1);
    expect(d.errors[0]).toMatch(/^5:2: .*"x"/);
  });
});

describe("Firestore SDK values in data — https://firebase.google.com/docs/firestore/manage-data/data-types", () => {
  const rules = parseRules(
    firestoreRules(`match /t/{id} {
      allow create: if request.resource.data.at is timestamp
        && request.resource.data.at == timestamp.value(1500)
        && request.resource.data.where is latlng
        && request.resource.data.ref == /databases/(default)/documents/users/alice;
    }`),
  );
  it("recognises Timestamp, GeoPoint and DocumentReference objects by shape", () => {
    const data = {
      at: { seconds: 1, nanoseconds: 500_000_000, toDate: () => new Date(1500) },
      where: { latitude: 1, longitude: 2, isEqual: () => false },
      ref: { id: "alice", path: "users/alice", firestore: {} },
    };
    expect(
      rules.evaluate({ path: doc("t/x"), method: "create", auth: null, requestResource: data }).allowed,
    ).toBe(true);
  });
});
