import { batch, create, get, list, matrixRows, newEntry, set, upload } from "./matrix-builders.js";
import type { MatrixCase, Operation } from "./operations.js";
import { actors, REVOKED_UID } from "./world.js";

// Revocation on the direct path: one user with two ID tokens. The token signed in before the user's
// revocation (revocations/{uid}.revokedAt) is refused everywhere; the one signed in at or after it is
// judged as any other. Proven for Firestore reads and writes and for Storage.
const { rows, allows, denies } = matrixRows();
const { anonymous, acme, acmeRevoked, acmeSignedInAgain, movedToGlobex, acmeSlashUid, acmeDotDotUid } =
  actors;

const E1 = "partners/acme/entries/e1";
const RECEIPT = "partners/acme/attachments/e1/receipt.pdf";
const operations: readonly (readonly [string, Operation])[] = [
  ["reads its own partner document", get("partners/acme")],
  ["gets its own entry", get(E1)],
  ["lists its own entries, 20 per page", list("partners/acme/entries", { limit: 20 })],
  ["gets a version of its own entry", get(`${E1}/versions/1`)],
  ["lists the versions of its own entry", list(`${E1}/versions`, { limit: 20 })],
  ["creates a valid entry", create(newEntry())],
  [
    "creates an entry with externalId and its key in one batch",
    batch(
      { path: "partners/acme/entries/e-new", data: newEntry({ externalId: "pos-4711" }) },
      { path: "partners/acme/externalIds/pos-4711", data: { entryId: "e-new" } },
    ),
  ],
  ["downloads its own attachment", { kind: "storage.get", name: RECEIPT }],
  [
    "uploads a PDF for its own existing entry",
    upload("partners/acme/attachments/e1/invoice.pdf", 1000, "application/pdf"),
  ],
];
for (const [behaviour, op] of operations) {
  denies(acmeRevoked, behaviour, op);
  allows(acmeSignedInAgain, behaviour, op);
  // A uid no revocation record can be written for would be irrevocable here: it is no partner.
  denies(acmeSlashUid, behaviour, op);
  denies(acmeDotDotUid, behaviour, op);
}

// A user moved to another partner: the move revoked its old token; its new one sees only the new tenant.
allows(movedToGlobex, "gets an entry of its new tenant", get("partners/globex/entries/g1"));
denies(movedToGlobex, "gets an entry of its old tenant", get(E1));

// The record itself is closed to direct clients: nobody can read it, lift it or forge one.
const RECORD = `revocations/${REVOKED_UID}`;
denies(acmeRevoked, "reads its own revocation record", get(RECORD));
denies(acmeSignedInAgain, "reads its own revocation record", get(RECORD));
denies(acmeRevoked, "lifts its own revocation by setting revokedAt 0", set(RECORD, { revokedAt: 0 }));
denies(acmeRevoked, "deletes its own revocation record", { kind: "delete", path: RECORD });
denies(acme, "lists revocation records", list("revocations", { limit: 10 }));
denies(acme, "revokes another user's tokens", set("revocations/u-other", { revokedAt: 4102444800 }));
denies(anonymous, "reads a revocation record", get(RECORD));

export const revocationCases: readonly MatrixCase[] = rows;
