import type { Expectation, ListQuery, MatrixCase, Operation } from "./operations.js";
import { actors, OCCURRED_AT, requestTime, type Actor, type Data } from "./world.js";

/**
 * The access matrix: actors × operations × paths × data → allow or deny, written once and judged by
 * every backend. Each row names the behaviour it pins; paths are relative to the database root
 * (Firestore) or the bucket (Storage).
 */
const rows: MatrixCase[] = [];

function row(expect: Expectation, actor: Actor, behaviour: string, op: Operation): void {
  rows.push({ name: `${actor.label} ${behaviour}`, actor, op, expect });
}
const allows = (actor: Actor, behaviour: string, op: Operation) => row("allow", actor, behaviour, op);
const denies = (actor: Actor, behaviour: string, op: Operation) => row("deny", actor, behaviour, op);

const MiB = 1024 * 1024;
const { anonymous, user, acme, acmeReader, acmeWriter, acmeNoScopes, acmeScopesString, acmeAdminRole } =
  actors;
const { acmeNoRole, globex, initech, umbrella } = actors;

/** A new entry as a direct client must write it; `overrides` replace fields, `without` drops them. */
export function newEntry(overrides: Data = {}, without: readonly string[] = [], partnerId = "acme"): Data {
  const entry: Data = {
    partnerId,
    type: "income",
    amountMinor: 1250,
    currency: "EUR",
    description: "Lunch service",
    category: "sales",
    occurredAt: OCCURRED_AT,
    status: "posted",
    version: 1,
    createdAt: requestTime(),
    updatedAt: requestTime(),
    ...overrides,
  };
  return Object.fromEntries(Object.entries(entry).filter(([key]) => !without.includes(key)));
}

const get = (path: string): Operation => ({ kind: "get", path });
const set = (path: string, data: Data): Operation => ({ kind: "set", path, data });
const create = (data: Data, path = "partners/acme/entries/e-new"): Operation => set(path, data);
const list = (collection: string, query: ListQuery = {}): Operation => ({
  kind: "list",
  collection,
  query,
});
const batch = (...sets: { path: string; data: Data }[]): Operation => ({ kind: "batch", sets });
const upload = (name: string, size: number, contentType: string): Operation => ({
  kind: "storage.upload",
  name,
  size,
  contentType,
});

// ---- partners/{partnerId}: readable by its own active partner (no scope needed), never writable.
const ACME = "partners/acme";
allows(acme, "reads its own partner document", get(ACME));
allows(acmeNoScopes, "reads its own partner document (no scope needed)", get(ACME));
denies(globex, "reads another tenant's partner document", get(ACME));
denies(anonymous, "reads a partner document", get(ACME));
denies(user, "reads a partner document", get(ACME));
denies(acmeAdminRole, "(token partnerId acme, role admin) reads acme's partner document", get(ACME));
denies(acmeNoRole, "(token partnerId acme, no role) reads acme's partner document", get(ACME));
denies(initech, "reads its own partner document while suspended", get("partners/initech"));
denies(umbrella, "reads its own partner document that does not exist", get("partners/umbrella"));
denies(
  acme,
  "rewrites its own partner document",
  set(ACME, { name: "Acme", status: "active", createdAt: OCCURRED_AT }),
);
denies(initech, "un-suspends itself", {
  kind: "update",
  path: "partners/initech",
  changes: { status: "active" },
});
denies(
  umbrella,
  "creates its own partner document",
  set("partners/umbrella", { name: "Umbrella", status: "active" }),
);
denies(
  user,
  "creates a partner document naming itself",
  set("partners/mine", { status: "active", owner: "u-plain" }),
);
denies(acme, "deletes its own partner document", { kind: "delete", path: ACME });
denies(acme, "lists all partner documents", list("partners", { limit: 10 }));

// ---- entries: get with entries:read, tenant from the token only, suspended partners refused.
const E1 = "partners/acme/entries/e1";
allows(acme, "gets its own entry", get(E1));
allows(acmeReader, "gets its own entry", get(E1));
allows(
  acmeReader,
  "gets a missing entry of its own tenant (a miss, not a denial)",
  get("partners/acme/entries/nope"),
);
denies(acmeWriter, "gets its own entry without entries:read", get(E1));
denies(acmeNoScopes, "gets its own entry", get(E1));
denies(acmeScopesString, "gets its own entry", get(E1));
denies(acmeAdminRole, "gets an acme entry", get(E1));
denies(acmeNoRole, "gets an acme entry", get(E1));
denies(globex, "gets another tenant's entry", get(E1));
denies(acme, "gets another tenant's entry", get("partners/globex/entries/g1"));
denies(anonymous, "gets an entry", get(E1));
denies(user, "gets an entry", get(E1));
denies(initech, "gets its own entry while suspended", get("partners/initech/entries/i1"));
denies(umbrella, "gets its own entry without a partner document", get("partners/umbrella/entries/u1"));

// ---- entries: list, bounded pages only (limit <= 100); rules are not filters.
const ENTRIES = "partners/acme/entries";
const NEWEST_FIRST = [["createdAt", "desc"]] as const;
allows(
  acme,
  "lists its own entries, 20 per page, newest first",
  list(ENTRIES, { limit: 20, orderBy: NEWEST_FIRST }),
);
allows(acmeReader, "lists its own entries with limit 100", list(ENTRIES, { limit: 100 }));
allows(
  acmeReader,
  "lists its own entries filtered by type",
  list(ENTRIES, { where: [["type", "==", "income"]], limit: 1 }),
);
denies(acmeReader, "lists its own entries with limit 101", list(ENTRIES, { limit: 101 }));
denies(acmeReader, "lists its own entries without a limit", list(ENTRIES, { orderBy: NEWEST_FIRST }));
denies(
  acme,
  "lists its own entries filtered by partnerId but without a limit",
  list(ENTRIES, { where: [["partnerId", "==", "acme"]] }),
);
denies(acmeWriter, "lists its own entries without entries:read", list(ENTRIES, { limit: 20 }));
denies(globex, "lists another tenant's entries", list(ENTRIES, { limit: 20 }));
denies(
  globex,
  "lists another tenant's entries filtered to its own partnerId",
  list(ENTRIES, { where: [["partnerId", "==", "globex"]], limit: 20 }),
);
denies(initech, "lists its own entries while suspended", list("partners/initech/entries", { limit: 20 }));
denies(anonymous, "lists entries", list(ENTRIES, { limit: 20 }));
denies(user, "lists entries", list(ENTRIES, { limit: 20 }));

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
const MAX_AMOUNT = 1_000_000_000_000;
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
allows(acme, "creates an entry of amountMinor 10^12", create(newEntry({ amountMinor: MAX_AMOUNT })));
denies(acme, "creates an entry of amountMinor 10^12 + 1", create(newEntry({ amountMinor: MAX_AMOUNT + 1 })));
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

// ---- closed collections and everything else.
denies(acme, "reads its own idempotency key", get("partners/acme/idempotencyKeys/k1"));
denies(acme, "lists its own idempotency keys", list("partners/acme/idempotencyKeys", { limit: 10 }));
denies(
  acme,
  "writes an idempotency key",
  set("partners/acme/idempotencyKeys/k2", { status: 201, body: "{}" }),
);
denies(acme, "reads an audit log", get("auditLogs/a1"));
denies(acme, "lists audit logs", list("auditLogs", { limit: 10 }));
denies(acme, "writes an audit log", set("auditLogs/a2", { action: "claims.grant", partnerId: "acme" }));
denies(user, "writes an audit log", set("auditLogs/a2", { action: "claims.grant", partnerId: "acme" }));
denies(
  acme,
  "writes a user profile claiming partner role",
  set("users/u-acme", { role: "partner", partnerId: "acme" }),
);
denies(anonymous, "reads an unknown collection", get("settings/global"));

// ---- Storage: partners/{partnerId}/attachments/{entryId}/{fileName}.
const RECEIPT = "partners/acme/attachments/e1/receipt.pdf";
const NEW_FILE = "partners/acme/attachments/e1/invoice.pdf";
allows(acme, "downloads its own attachment", { kind: "storage.get", name: RECEIPT });
allows(acmeReader, "downloads its own attachment", { kind: "storage.get", name: RECEIPT });
denies(acmeWriter, "downloads its own attachment without entries:read", {
  kind: "storage.get",
  name: RECEIPT,
});
denies(globex, "downloads another tenant's attachment", { kind: "storage.get", name: RECEIPT });
denies(acmeAdminRole, "downloads an acme attachment", { kind: "storage.get", name: RECEIPT });
denies(anonymous, "downloads an attachment", { kind: "storage.get", name: RECEIPT });
denies(user, "downloads an attachment", { kind: "storage.get", name: RECEIPT });
denies(initech, "downloads its own attachment while suspended", {
  kind: "storage.get",
  name: "partners/initech/attachments/i1/scan.png",
});
denies(acme, "downloads an object outside attachments", {
  kind: "storage.get",
  name: "partners/acme/export.csv",
});

allows(acme, "uploads a PDF for its own existing entry", upload(NEW_FILE, 1000, "application/pdf"));
allows(
  acmeWriter,
  "uploads a PNG for its own existing entry",
  upload("partners/acme/attachments/e1/photo.png", 1000, "image/png"),
);
allows(
  acme,
  "uploads a JPEG for its own existing entry",
  upload("partners/acme/attachments/e1/photo.jpg", 1000, "image/jpeg"),
);
allows(
  acme,
  "uploads a CSV for its own existing entry",
  upload("partners/acme/attachments/e1/lines.csv", 1000, "text/csv"),
);
allows(acme, "uploads exactly 10 MiB", upload(NEW_FILE, 10 * MiB, "application/pdf"));
denies(acme, "uploads 10 MiB + 1 byte", upload(NEW_FILE, 10 * MiB + 1, "application/pdf"));
denies(acme, "uploads a GIF", upload("partners/acme/attachments/e1/anim.gif", 1000, "image/gif"));
denies(acme, "uploads HTML", upload("partners/acme/attachments/e1/page.html", 1000, "text/html"));
denies(
  acme,
  "uploads a PDF for a missing entry",
  upload("partners/acme/attachments/e-missing/x.pdf", 1000, "application/pdf"),
);
denies(
  acme,
  "uploads under its own path for another tenant's entry id",
  upload("partners/acme/attachments/g1/x.pdf", 1000, "application/pdf"),
);
denies(acmeReader, "uploads without entries:write", upload(NEW_FILE, 1000, "application/pdf"));
denies(globex, "uploads into another tenant's attachments", upload(NEW_FILE, 1000, "application/pdf"));
denies(acmeNoRole, "uploads an acme attachment", upload(NEW_FILE, 1000, "application/pdf"));
denies(anonymous, "uploads an attachment", upload(NEW_FILE, 1000, "application/pdf"));
denies(
  initech,
  "uploads for its own entry while suspended",
  upload("partners/initech/attachments/i1/x.pdf", 1000, "application/pdf"),
);
denies(acme, "overwrites its own existing attachment", upload(RECEIPT, 1000, "application/pdf"));
denies(acme, "updates its own attachment's metadata", {
  kind: "storage.updateMetadata",
  name: RECEIPT,
  customMetadata: { note: "x" },
});
denies(acme, "deletes its own attachment", { kind: "storage.delete", name: RECEIPT });
denies(acme, "uploads outside attachments", upload("partners/acme/export.csv", 1000, "text/csv"));

/** Every case of the matrix, in declaration order. */
export const matrix: readonly MatrixCase[] = rows;
