import { describe, expect, it } from "vitest";
import { ENFORCE_INDEXES } from "../../scripts/stack/embedded-firestore.js";
import { chooseFirestoreBackend } from "../../scripts/stack/firestore-backend.js";
import { adminDb, partnerSession } from "../support/stack.js";

// The stack's Firestore serves only what firestore.indexes.json's indexes serve in production, so every
// other stack test proves the product's own queries are indexed. The official emulator (where Java runs
// it) enforces nothing, and FIRESTORE_INDEXES=off turns enforcement off.
const enforced = ENFORCE_INDEXES && chooseFirestoreBackend() === "embedded";

describe.runIf(enforced)("the stack's Firestore with firestore.indexes.json", () => {
  it("refuses a query that needs a composite index the file lacks, naming it (firebase-admin retries ~7 s first)", async () => {
    const { partnerId } = await partnerSession();
    const query = adminDb()
      .collection(`partners/${partnerId}/entries`)
      .where("type", "==", "income")
      .orderBy("occurredAt", "desc");
    const error = (await query.get().catch((caught: unknown) => caught)) as {
      code?: number;
      message?: string;
    };
    expect(error.code).toBe(9);
    const message = error.message ?? "";
    expect(message).toContain("The query requires an index.");
    expect(JSON.parse(message.slice(message.indexOf("{")))).toEqual({
      collectionGroup: "entries",
      queryScope: "COLLECTION",
      fields: [
        { fieldPath: "type", order: "ASCENDING" },
        { fieldPath: "occurredAt", order: "DESCENDING" },
      ],
    });
  });
});
