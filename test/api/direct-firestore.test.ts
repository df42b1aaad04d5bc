import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { firestoreReadExample } from "../../scripts/stack/firestore-example.js";
import { REPO_ROOT } from "../../scripts/stack/stack-config.js";
import { entryBody } from "../support/http.js";
import { adminDb, partnerSession, uniqueId } from "../support/stack.js";

// Direct Firestore access on the running stack: firestore.rules loaded from disk, judged with the Auth
// emulator's real ID tokens, as in production.
describe("entries read directly from the stack's Firestore", () => {
  it("runs the read example npm start prints, exactly as printed: its own newest entries, another partner refused", async () => {
    const partner = await partnerSession();
    const ids = [uniqueId("e"), uniqueId("e")];
    for (const [i, entryId] of ids.entries()) {
      const at = new Date(Date.UTC(2026, 10, 20 + i));
      await adminDb()
        .doc(`partners/${partner.partnerId}/entries/${entryId}`)
        .set({
          ...entryBody(),
          partnerId: partner.partnerId,
          status: "posted",
          version: 1,
          createdAt: at,
          updatedAt: at,
        });
    }
    const script = firestoreReadExample(partner);
    const { stdout } = await promisify(execFile)("bash", ["-c", script], { cwd: REPO_ROOT, timeout: 30_000 });

    const lines = stdout.trim().split("\n");
    expect(lines.slice(0, 2).map((line) => line.split(" ")[0])).toEqual([ids[1], ids[0]]);
    expect(lines[0]).toContain(`${entryBody().type} ${entryBody().amountMinor} ${entryBody().currency}`);
    expect(lines).toContain("another partner's document: permission-denied");
    expect(lines).toHaveLength(3);
  });
});
