import { get, set, list, matrixRows } from "./matrix-builders.js";
import type { MatrixCase } from "./operations.js";
import { actors, OCCURRED_AT } from "./world.js";

// Firestore reads: partner documents, entries (get and list), closed collections.
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
// An offset bills every skipped document as a read: refused, whatever the limit.
allows(
  acmeReader,
  "lists its own entries with offset 0 (skips nothing)",
  list(ENTRIES, { limit: 20, offset: 0 }),
);
denies(acmeReader, "lists its own entries with offset 1", list(ENTRIES, { limit: 20, offset: 1 }));
denies(
  acme,
  "lists its own entries with limit 1 and offset 10000",
  list(ENTRIES, { limit: 1, offset: 10_000 }),
);
denies(
  acmeReader,
  "lists its own entries newest first with offset 20",
  list(ENTRIES, { limit: 20, orderBy: NEWEST_FIRST, offset: 20 }),
);
denies(anonymous, "lists entries", list(ENTRIES, { limit: 20 }));
denies(user, "lists entries", list(ENTRIES, { limit: 20 }));

// ---- an entry's history (versions/{n}, written by the API): read like the entry, pages bounded.
const VERSIONS = `${E1}/versions`;
const V1 = `${VERSIONS}/1`;
allows(acme, "gets a version of its own entry", get(V1));
allows(acmeReader, "gets a version of its own entry", get(V1));
allows(acmeReader, "lists the versions of its own entry, 20 per page", list(VERSIONS, { limit: 20 }));
allows(
  acme,
  "lists the versions of its own entry in order, limit 100",
  list(VERSIONS, { limit: 100, orderBy: [["version", "asc"]] }),
);
denies(acmeWriter, "gets a version of its own entry without entries:read", get(V1));
denies(acmeWriter, "lists the versions of its own entry without entries:read", list(VERSIONS, { limit: 20 }));
denies(acmeAdminRole, "gets a version of an acme entry", get(V1));
denies(globex, "gets a version of another tenant's entry", get(V1));
denies(acme, "gets a version of another tenant's entry", get("partners/globex/entries/g1/versions/1"));
denies(globex, "lists the versions of another tenant's entry", list(VERSIONS, { limit: 20 }));
denies(anonymous, "gets a version of an entry", get(V1));
denies(user, "lists the versions of an entry", list(VERSIONS, { limit: 20 }));
denies(
  initech,
  "gets a version of its own entry while suspended",
  get("partners/initech/entries/i1/versions/1"),
);
denies(acmeReader, "lists the versions of its own entry without a limit", list(VERSIONS));
denies(acmeReader, "lists the versions of its own entry with limit 101", list(VERSIONS, { limit: 101 }));
denies(
  acmeReader,
  "lists the versions of its own entry with offset 1",
  list(VERSIONS, { limit: 20, offset: 1 }),
);

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

export const readCases: readonly MatrixCase[] = rows;
