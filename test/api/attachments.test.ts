import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { getMetadata, ref, uploadBytes } from "firebase/storage";
import { describe, expect, it } from "vitest";
import { attachmentUploadExample } from "../../scripts/stack/attachment-example.js";
import { REPO_ROOT } from "../../scripts/stack/stack-config.js";
import { storageAs } from "../support/client-sdk.js";
import { entryBody } from "../support/http.js";
import { adminDb, partnerSession, uniqueId, type PartnerSession } from "../support/stack.js";

/** An entry of the partner, written as the API stores it (rules only ask that it exists). */
async function createEntry(partner: PartnerSession): Promise<string> {
  const entryId = uniqueId("e");
  const now = new Date();
  await adminDb()
    .doc(`partners/${partner.partnerId}/entries/${entryId}`)
    .set({
      ...entryBody(),
      partnerId: partner.partnerId,
      status: "posted",
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
  return entryId;
}

// Direct Storage access on the running stack: storage.rules loaded from disk, judged with the
// Auth emulator's real ID tokens and the stack's Firestore, as in production.
describe("attachments uploaded directly to the stack's Storage", () => {
  it("runs the upload example npm start prints, exactly as printed, for a partner's own entry", async () => {
    const partner = await partnerSession();
    const entryId = await createEntry(partner);
    const script = attachmentUploadExample({ ...partner, entryId });
    const { stdout } = await promisify(execFile)("bash", ["-c", script], { cwd: REPO_ROOT, timeout: 30_000 });

    const uploaded = new RegExp(
      `^uploaded (partners/${partner.partnerId}/attachments/${entryId}/receipt-\\d+\\.pdf) \\(21 bytes\\)$`,
      "m",
    );
    const name = uploaded.exec(stdout)?.[1];
    expect(name).toBeDefined();
    const url = /^download URL: (\S+)$/m.exec(stdout)?.[1] as string;
    const download = await fetch(url);
    expect(download.status).toBe(200);
    expect(await download.text()).toBe("%PDF-1.4 demo receipt");
    const client = storageAs(partner.token);
    try {
      expect(await getMetadata(ref(client.service, name))).toMatchObject({
        contentType: "application/pdf",
        customMetadata: { originalName: "Receipt.pdf" },
      });
    } finally {
      await client.close();
    }
  });

  it("refuses another partner's upload to an entry with 403, storing nothing", async () => {
    const owner = await partnerSession();
    const intruder = await partnerSession();
    const entryId = await createEntry(owner);
    const name = `partners/${owner.partnerId}/attachments/${entryId}/x.pdf`;
    const client = storageAs(intruder.token);
    const ownerClient = storageAs(owner.token);
    try {
      await expect(
        uploadBytes(ref(client.service, name), new Uint8Array(10), { contentType: "application/pdf" }),
      ).rejects.toMatchObject({ code: "storage/unauthorized", status: 403 });
      await expect(getMetadata(ref(ownerClient.service, name))).rejects.toMatchObject({
        code: "storage/object-not-found",
      });
    } finally {
      await client.close();
      await ownerClient.close();
    }
  });
});
