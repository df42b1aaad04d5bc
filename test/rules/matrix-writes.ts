import { MAX_AMOUNT_MINOR } from "partner-api-functions/shared";
import { newEntry, get, set, create, batch, matrixRows } from "./matrix-builders.js";
import type { MatrixCase } from "./operations.js";
import { actors, OCCURRED_AT, requestTime, type Data } from "./world.js";

// Firestore writes: entry creation and its field bounds, no update/delete, batches with getAfter().
const { rows, allows, denies } = matrixRows();
const {
  anonymous,
  user,
  acme,
  acmeReader,
  acmeWriter,
  acmeNoScopes,
  acmeScopesString,
  acmeAdminRole,
  acmeNoRole,
  globex,
  initech,
  umbrella,
} = actors;

// ---- entries: create with entries:write, only valid entries of its own tenant.
allows(acme, "creates a valid entry", create(newEntry()));
allows(acmeWriter, "creates a valid entry", create(newEntry()));
denies(acmeReader, "creates an entry without entries:write", create(newEntry()));
denies(acmeNoScopes, "creates an entry", create(newEntry()));
denies(acmeScopesString, "creates an entry", create(newEntry()));
denies(acmeAdminRole, "creates an acme entry", create(newEntry()));
denies(acmeNoRole, "creates an acme entry", create(newEntry()));
denies(globex, "creates an entry in another tenant, claiming it with partnerId acme", create(newEntry()));
denies(
  globex,
  "creates an entry in another tenant, naming itself",
  create(newEntry({ partnerId: "globex" })),
);
// Claims spoofed through document fields: the document says "acme", the token does not.
denies(user, "creates a valid entry whose partnerId field names acme", create(newEntry()));
denies(anonymous, "creates an entry", create(newEntry()));
denies(
  initech,
  "creates a valid entry while suspended",
  create(newEntry({}, [], "initech"), "partners/initech/entries/i-new"),
);
denies(
  umbrella,
  "creates a valid entry without a partner document",
  create(newEntry({}, [], "umbrella"), "partners/umbrella/entries/u-new"),
);

// ---- entry fields: exact key set, each bound just inside and just outside.
const E1 = "partners/acme/entries/e1";
allows(acme, "creates an entry with partnerId equal to the path's", create(newEntry({ partnerId: "acme" })));
denies(acme, "creates an entry with partnerId of another tenant", create(newEntry({ partnerId: "globex" })));
denies(acme, "creates an entry with an extra id field", create(newEntry({ id: "e-new" })));
denies(acme, "creates an entry with an unknown field", create(newEntry({ note: "x" })));
for (const key of ["partnerId", "type", "amountMinor", "currency", "description", "category", "occurredAt"]) {
  denies(acme, `creates an entry without ${key}`, create(newEntry({}, [key])));
}
for (const key of ["status", "version", "createdAt", "updatedAt"]) {
  denies(acme, `creates an entry without ${key}`, create(newEntry({}, [key])));
}
allows(acme, "creates an expense entry", create(newEntry({ type: "expense" })));
denies(acme, "creates an entry of type refund", create(newEntry({ type: "refund" })));
denies(acme, "creates an entry of type Income", create(newEntry({ type: "Income" })));
allows(acme, "creates an entry of amountMinor 1", create(newEntry({ amountMinor: 1 })));
denies(acme, "creates an entry of amountMinor 0", create(newEntry({ amountMinor: 0 })));
denies(acme, "creates an entry of amountMinor -1", create(newEntry({ amountMinor: -1 })));
allows(acme, "creates an entry of amountMinor 10^12", create(newEntry({ amountMinor: MAX_AMOUNT_MINOR })));
denies(
  acme,
  "creates an entry of amountMinor 10^12 + 1",
  create(newEntry({ amountMinor: MAX_AMOUNT_MINOR + 1 })),
);
denies(acme, "creates an entry of fractional amountMinor 12.5", create(newEntry({ amountMinor: 12.5 })));
denies(acme, "creates an entry of amountMinor as a string", create(newEntry({ amountMinor: "1250" })));
allows(acme, "creates an entry in USD", create(newEntry({ currency: "USD" })));
denies(acme, "creates an entry in EU (2 letters)", create(newEntry({ currency: "EU" })));
denies(acme, "creates an entry in EURO (4 letters)", create(newEntry({ currency: "EURO" })));
denies(acme, "creates an entry in eur (lower case)", create(newEntry({ currency: "eur" })));
denies(acme, "creates an entry in E1R", create(newEntry({ currency: "E1R" })));
allows(
  acme,
  "creates an entry with a 500-char description",
  create(newEntry({ description: "d".repeat(500) })),
);
allows(
  acme,
  "creates an entry with a 500-char non-ASCII description",
  create(newEntry({ description: "é".repeat(500) })),
);
allows(acme, "creates an entry with an empty description", create(newEntry({ description: "" })));
denies(
  acme,
  "creates an entry with a 501-char description",
  create(newEntry({ description: "d".repeat(501) })),
);
denies(acme, "creates an entry with a numeric description", create(newEntry({ description: 42 })));
allows(acme, "creates an entry with a 64-char category", create(newEntry({ category: "c".repeat(64) })));
denies(acme, "creates an entry with a 65-char category", create(newEntry({ category: "c".repeat(65) })));
denies(acme, "creates an entry with a list category", create(newEntry({ category: ["sales"] })));
denies(
  acme,
  "creates an entry with occurredAt as an RFC 3339 string",
  create(newEntry({ occurredAt: "2026-11-20T12:00:00.000Z" })),
);
denies(
  acme,
  "creates an entry with occurredAt as epoch millis",
  create(newEntry({ occurredAt: OCCURRED_AT.getTime() })),
);
denies(acme, "creates an entry with status void", create(newEntry({ status: "void" })));
denies(acme, "creates an entry with version 2", create(newEntry({ version: 2 })));
denies(acme, "creates an entry with version 0", create(newEntry({ version: 0 })));
denies(acme, "creates an entry with version 1.5", create(newEntry({ version: 1.5 })));
denies(
  acme,
  "creates an entry with createdAt 1 ms before request.time",
  create(newEntry({ createdAt: requestTime(-1) })),
);
denies(
  acme,
  "creates an entry with createdAt 1 ms after request.time",
  create(newEntry({ createdAt: requestTime(1) })),
);
denies(
  acme,
  "creates an entry with updatedAt 1 ms before request.time",
  create(newEntry({ updatedAt: requestTime(-1) })),
);
denies(acme, "creates an entry with createdAt as a string", create(newEntry({ createdAt: "now" })));

// ---- no direct update or delete of entries.
denies(acme, "corrects its own entry's description", {
  kind: "update",
  path: E1,
  changes: { description: "Dinner" },
});
denies(acme, "voids its own entry", { kind: "update", path: E1, changes: { status: "void", version: 2 } });
denies(acme, "overwrites its own entry with a valid new entry", set(E1, newEntry({ externalId: "pos-1" })));
denies(acme, "deletes its own entry", { kind: "delete", path: E1 });
denies(globex, "deletes another tenant's entry", { kind: "delete", path: E1 });

// ---- an entry's history: written only by the API, never directly (no forged or erased trail).
const V1 = `${E1}/versions/1`;
const versionData = (version: number): Data => ({
  version,
  action: "update",
  changes: { description: { before: "Lunch service", after: "Dinner" } },
  actor: { uid: "u-acme-partner", partnerId: "acme", requestId: "req-forged" },
  at: requestTime(),
});
denies(acme, "adds a version to its own entry's history", set(`${E1}/versions/2`, versionData(2)));
denies(acmeWriter, "adds a version to its own entry's history", set(`${E1}/versions/2`, versionData(2)));
denies(acme, "rewrites a version of its own entry", set(V1, versionData(1)));
denies(acme, "edits a version of its own entry", { kind: "update", path: V1, changes: { action: "create" } });
denies(acme, "deletes a version of its own entry", { kind: "delete", path: V1 });
denies(
  acme,
  "creates a valid entry together with its first version in one batch",
  batch(
    { path: "partners/acme/entries/e-new", data: newEntry() },
    { path: "partners/acme/entries/e-new/versions/1", data: versionData(1) },
  ),
);

// ---- batched writes: externalId uniqueness, each side checked with getAfter().
const NEW_KEY = "partners/acme/externalIds/pos-4711";
const withKey = (externalId: string, entryId = "e-new") => ({
  path: `partners/acme/externalIds/${externalId}`,
  data: { entryId } as Data,
});
const entryWrite = (data: Data, id = "e-new") => ({ path: `partners/acme/entries/${id}`, data });
allows(
  acme,
  "creates an entry with externalId and its key in one batch",
  batch(entryWrite(newEntry({ externalId: "pos-4711" })), withKey("pos-4711")),
);
allows(
  acmeWriter,
  "creates an entry with a 128-char externalId and its key in one batch",
  batch(entryWrite(newEntry({ externalId: "x".repeat(128) })), withKey("x".repeat(128))),
);
denies(
  acme,
  "creates an entry with a 129-char externalId and its key in one batch",
  batch(entryWrite(newEntry({ externalId: "x".repeat(129) })), withKey("x".repeat(129))),
);
// An empty externalId can have no key document (an empty document id is invalid).
denies(acme, "creates an entry with an empty externalId", create(newEntry({ externalId: "" })));
denies(
  acme,
  "creates an entry with a numeric externalId",
  batch(entryWrite(newEntry({ externalId: 4711 })), withKey("4711")),
);
allows(
  acme,
  "creates two valid entries in one batch",
  batch(entryWrite(newEntry(), "e-a"), entryWrite(newEntry({ type: "expense" }), "e-b")),
);
denies(
  acme,
  "creates a valid and an invalid entry in one batch",
  batch(entryWrite(newEntry(), "e-a"), entryWrite(newEntry({ version: 2 }), "e-b")),
);
denies(
  acme,
  "creates an entry with externalId but without its key",
  create(newEntry({ externalId: "pos-4711" })),
);
denies(acme, "creates an externalId key without its entry", set(NEW_KEY, { entryId: "e-new" }));
denies(
  acme,
  "creates an externalId key for an entry that existed before the batch",
  batch(withKey("pos-2", "e2")),
);
denies(
  acme,
  "reuses an externalId already taken",
  batch(entryWrite(newEntry({ externalId: "pos-1" })), withKey("pos-1")),
);
denies(
  acme,
  "creates an entry whose key points at another entry",
  batch(entryWrite(newEntry({ externalId: "pos-4711" })), withKey("pos-4711", "e-other")),
);
denies(
  acme,
  "creates an entry whose key is a different externalId",
  batch(entryWrite(newEntry({ externalId: "pos-A" })), withKey("pos-B")),
);
denies(
  acme,
  "creates an externalId key with an extra field",
  batch(entryWrite(newEntry({ externalId: "pos-4711" })), {
    path: NEW_KEY,
    data: { entryId: "e-new", owner: "acme" },
  }),
);
denies(
  acmeReader,
  "creates an entry with externalId and its key in one batch",
  batch(entryWrite(newEntry({ externalId: "pos-4711" })), withKey("pos-4711")),
);
denies(
  globex,
  "creates an entry with externalId and its key in another tenant",
  batch(entryWrite(newEntry({ externalId: "pos-4711" })), withKey("pos-4711")),
);
denies(
  initech,
  "creates an entry with externalId and its key while suspended",
  batch(
    { path: "partners/initech/entries/i-new", data: newEntry({ externalId: "pos-4711" }, [], "initech") },
    { path: "partners/initech/externalIds/pos-4711", data: { entryId: "i-new" } },
  ),
);
denies(acme, "reads an externalId key", get("partners/acme/externalIds/pos-1"));

export const writeCases: readonly MatrixCase[] = rows;
