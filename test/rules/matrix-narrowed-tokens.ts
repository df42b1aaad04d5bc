import { create, get, list, matrixRows, newEntry, upload } from "./matrix-builders.js";
import type { MatrixCase } from "./operations.js";
import { actors } from "./world.js";

// Narrowed tokens on the direct path: POST /v1/oauth/token with scope=entries:read mints a token that
// carries the user's scopes and tokenScopes [entries:read]; it may use only the scopes in both.
const { rows, allows, denies } = matrixRows();
const { acmeNarrowedToRead, acmeNarrowedToWrite, acmeTokenScopesString } = actors;

const E1 = "partners/acme/entries/e1";
const RECEIPT = "partners/acme/attachments/e1/receipt.pdf";
const INVOICE = upload("partners/acme/attachments/e1/invoice.pdf", 1000, "application/pdf");

allows(acmeNarrowedToRead, "gets its own entry", get(E1));
allows(
  acmeNarrowedToRead,
  "lists its own entries, 20 per page",
  list("partners/acme/entries", { limit: 20 }),
);
allows(acmeNarrowedToRead, "downloads its own attachment", { kind: "storage.get", name: RECEIPT });
denies(acmeNarrowedToRead, "creates a valid entry", create(newEntry()));
denies(acmeNarrowedToRead, "uploads a PDF for its own existing entry", INVOICE);

allows(acmeNarrowedToWrite, "creates a valid entry", create(newEntry()));
allows(acmeNarrowedToWrite, "uploads a PDF for its own existing entry", INVOICE);
denies(acmeNarrowedToWrite, "gets its own entry", get(E1));
denies(acmeNarrowedToWrite, "downloads its own attachment", { kind: "storage.get", name: RECEIPT });

// A tokenScopes that is not a list narrows to nothing.
denies(acmeTokenScopesString, "gets its own entry", get(E1));
denies(acmeTokenScopesString, "downloads its own attachment", { kind: "storage.get", name: RECEIPT });

export const narrowedTokenCases: readonly MatrixCase[] = rows;
