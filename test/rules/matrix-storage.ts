import { upload, matrixRows } from "./matrix-builders.js";
import type { MatrixCase, Operation } from "./operations.js";
import { actors } from "./world.js";

// Storage: partners/{partnerId}/attachments/{entryId}/{fileName}.
const { rows, allows, denies } = matrixRows();
const { anonymous, user, acme, acmeReader, acmeWriter, acmeAdminRole, acmeNoRole, globex, initech } = actors;

// ---- Storage: partners/{partnerId}/attachments/{entryId}/{fileName}.
const MiB = 1024 * 1024;
const RECEIPT = "partners/acme/attachments/e1/receipt.pdf";
const NEW_FILE = "partners/acme/attachments/e1/invoice.pdf";
const INITECH_SCAN = "partners/initech/attachments/i1/scan.png";
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

// getBytes / a download through the SDK: the object's bytes, judged as get like its metadata.
const download = (name: string): Operation => ({ kind: "storage.download", name });
allows(acme, "downloads the bytes of its own attachment", download(RECEIPT));
allows(acmeReader, "downloads the bytes of its own attachment", download(RECEIPT));
denies(acmeWriter, "downloads the bytes of its own attachment without entries:read", download(RECEIPT));
denies(globex, "downloads the bytes of another tenant's attachment", download(RECEIPT));
denies(anonymous, "downloads the bytes of an attachment", download(RECEIPT));
denies(initech, "downloads the bytes of its own attachment while suspended", download(INITECH_SCAN));

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
// Over 256 KiB the SDK uploads resumably (start, chunks, finalize): judged once, as create, at the end.
const SCAN = "partners/acme/attachments/e1/scan.png";
allows(acmeWriter, "uploads a 300 KiB PNG in chunks (resumable)", upload(SCAN, 300 * 1024, "image/png"));
denies(
  globex,
  "uploads a 300 KiB PNG into another tenant's attachments in chunks",
  upload(SCAN, 300 * 1024, "image/png"),
);
denies(
  acmeReader,
  "uploads a 300 KiB PNG in chunks without entries:write",
  upload(SCAN, 300 * 1024, "image/png"),
);
denies(
  acme,
  "uploads a 300 KiB GIF in chunks",
  upload("partners/acme/attachments/e1/anim.gif", 300 * 1024, "image/gif"),
);
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
// An upload over an existing object is judged by create, with resource = that object: refused.
denies(acme, "overwrites its own existing attachment", upload(RECEIPT, 1000, "application/pdf"));
denies(
  acmeWriter,
  "overwrites its own attachment with an identical upload",
  upload(RECEIPT, 1024, "application/pdf"),
);
denies(globex, "overwrites another tenant's attachment", upload(RECEIPT, 1000, "application/pdf"));
// Empty path segments are segments (the service keeps them): a second copy of an existing attachment
// under `e1//receipt.pdf` or `acme//attachments/…` matches no attachment path, so write-once holds.
denies(
  acme,
  "re-uploads its existing attachment under a name with an empty segment before the file",
  upload("partners/acme/attachments/e1//receipt.pdf", 1000, "application/pdf"),
);
denies(
  acme,
  "re-uploads its existing attachment under a name with an empty segment in the prefix",
  upload("partners/acme//attachments/e1/receipt.pdf", 1000, "application/pdf"),
);

// ---- custom metadata: at most originalName, up to 255 characters.
allows(
  acme,
  "uploads with its original file name as metadata",
  upload(NEW_FILE, 1000, "application/pdf", { originalName: "Quittung März 2026 (Kopie).pdf" }),
);
allows(
  acme,
  "uploads with a 255-char originalName",
  upload(NEW_FILE, 1000, "application/pdf", { originalName: "n".repeat(255) }),
);
allows(acme, "uploads with empty custom metadata", upload(NEW_FILE, 1000, "application/pdf", {}));
denies(
  acme,
  "uploads with a 256-char originalName",
  upload(NEW_FILE, 1000, "application/pdf", { originalName: "n".repeat(256) }),
);
denies(
  acme,
  "uploads choosing its own firebaseStorageDownloadTokens",
  upload(NEW_FILE, 1000, "application/pdf", { firebaseStorageDownloadTokens: "attacker-chosen-token" }),
);
denies(
  acme,
  "uploads with an unknown metadata key",
  upload(NEW_FILE, 1000, "application/pdf", { note: "x" }),
);
denies(
  acme,
  "uploads with originalName and a 1000-char extra value",
  upload(NEW_FILE, 1000, "application/pdf", { originalName: "a.pdf", comment: "c".repeat(1000) }),
);

// ---- file names: letters, digits, '.', '_', '-', not starting with '.', at most 100 characters.
const attachment = (fileName: string) => `partners/acme/attachments/e1/${fileName}`;
allows(
  acme,
  "uploads a file named invoice_2026-11.v2.pdf",
  upload(attachment("invoice_2026-11.v2.pdf"), 1000, "application/pdf"),
);
allows(
  acme,
  "uploads a file with a 100-char name",
  upload(attachment(`${"f".repeat(96)}.pdf`), 1000, "application/pdf"),
);
denies(
  acme,
  "uploads a file with a 101-char name",
  upload(attachment(`${"f".repeat(97)}.pdf`), 1000, "application/pdf"),
);
denies(
  acme,
  "uploads a file whose name has a space",
  upload(attachment("my invoice.pdf"), 1000, "application/pdf"),
);
denies(acme, "uploads a hidden file", upload(attachment(".invoice.pdf"), 1000, "application/pdf"));
denies(
  acme,
  "uploads a file whose name is not ASCII",
  upload(attachment("résumé.pdf"), 1000, "application/pdf"),
);
denies(
  acme,
  "uploads a file whose name has a percent escape",
  upload(attachment("a%2F..%2Fb.pdf"), 1000, "application/pdf"),
);
denies(acme, "updates its own attachment's metadata", {
  kind: "storage.updateMetadata",
  name: RECEIPT,
  customMetadata: { note: "x" },
});
denies(acme, "deletes its own attachment", { kind: "storage.delete", name: RECEIPT });
denies(globex, "deletes another tenant's attachment", { kind: "storage.delete", name: RECEIPT });
denies(anonymous, "deletes an attachment", { kind: "storage.delete", name: RECEIPT });
denies(globex, "updates another tenant's attachment's metadata", {
  kind: "storage.updateMetadata",
  name: RECEIPT,
  customMetadata: { originalName: "x.pdf" },
});

// Listing: no statement grants list, so nobody can enumerate attachments, not even its own.
const listing = (prefix: string): Operation => ({ kind: "storage.list", prefix });
denies(acme, "lists the attachments of its own entry", listing("partners/acme/attachments/e1"));
denies(acme, "lists its own attachment folders", listing("partners/acme/attachments"));
denies(globex, "lists another tenant's attachments", listing("partners/acme/attachments/e1"));
denies(anonymous, "lists the whole bucket", listing(""));
denies(acme, "uploads outside attachments", upload("partners/acme/export.csv", 1000, "text/csv"));

export const storageCases: readonly MatrixCase[] = rows;
