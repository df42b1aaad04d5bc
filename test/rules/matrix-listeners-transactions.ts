import { listen, listenQuery, matrixRows, newEntry, transaction } from "./matrix-builders.js";
import type { MatrixCase } from "./operations.js";
import { actors } from "./world.js";

// Firestore as the JS SDK's realtime and transactional paths use it: snapshot listeners (the Listen
// stream, judged as get for a document and list for a query) and transactions (reads judged as get
// when made, the commit's writes as one batch, reads left unwritten verified at commit).
const { rows, allows, denies } = matrixRows();
const { anonymous, acme, acmeReader, acmeWriter, globex, initech } = actors;

const E1 = "partners/acme/entries/e1";
const ENTRIES = "partners/acme/entries";

// ---- listeners.
allows(acme, "listens to its own entry", listen(E1));
allows(acmeReader, "listens to its own partner document", listen("partners/acme"));
denies(acmeWriter, "listens to its own entry without entries:read", listen(E1));
denies(globex, "listens to another tenant's entry", listen(E1));
denies(anonymous, "listens to an entry", listen(E1));
denies(initech, "listens to its own entry while suspended", listen("partners/initech/entries/i1"));
denies(acme, "listens to an audit log", listen("auditLogs/a1"));
allows(acmeReader, "listens to its own entries, 20 per page", listenQuery(ENTRIES, { limit: 20 }));
allows(
  acme,
  "listens to its newest entries",
  listenQuery(ENTRIES, { orderBy: [["createdAt", "desc"]], limit: 10 }),
);
denies(acmeReader, "listens to its own entries without a limit", listenQuery(ENTRIES));
denies(acmeReader, "listens to its own entries with limit 101", listenQuery(ENTRIES, { limit: 101 }));
denies(globex, "listens to another tenant's entries", listenQuery(ENTRIES, { limit: 20 }));

// ---- transactions.
const NEW_ENTRY = { path: `${ENTRIES}/e-new`, data: newEntry() };
allows(
  acme,
  "reads its partner document and creates an entry in one transaction",
  transaction(["partners/acme"], NEW_ENTRY),
);
allows(acme, "reads its own entry and creates another in one transaction", transaction([E1], NEW_ENTRY));
allows(
  acme,
  "checks its externalId key is free and creates the entry with it in one transaction",
  transaction(
    ["partners/acme/entries/e-new"],
    { path: `${ENTRIES}/e-new`, data: newEntry({ externalId: "pos-4711" }) },
    { path: "partners/acme/externalIds/pos-4711", data: { entryId: "e-new" } },
  ),
);
denies(
  acmeWriter,
  "reads its own entry without entries:read in a transaction that creates another",
  transaction([E1], NEW_ENTRY),
);
denies(
  acmeReader,
  "reads its own entry and creates another in one transaction without entries:write",
  transaction([E1], NEW_ENTRY),
);
denies(
  acme,
  "reads another tenant's entry in a transaction",
  transaction(["partners/globex/entries/g1"], NEW_ENTRY),
);
denies(acme, "overwrites its own entry in a transaction", transaction([E1], { path: E1, data: newEntry() }));
denies(
  globex,
  "creates an entry in another tenant in a transaction",
  transaction(["partners/globex"], NEW_ENTRY),
);

export const listenerAndTransactionCases: readonly MatrixCase[] = rows;
