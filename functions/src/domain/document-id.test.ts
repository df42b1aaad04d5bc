import { describe, expect, it } from "vitest";
import { isDocumentId } from "./document-id.js";

describe("isDocumentId", () => {
  it.each(["e_abc", "Qx7bT1kq2mN0pLs9RwZa", "with spaces", "ünïcødé 💥", ".x", "__x", "x".repeat(1500)])(
    "accepts a Firestore document id: %s",
    (id) => expect(isDocumentId(id)).toBe(true),
  );

  it.each(["", ".", "..", "a/b", "__x__", "x".repeat(1501), "é".repeat(751), "\ud800"])(
    "refuses what no document can be named: %j",
    (id) => expect(isDocumentId(id)).toBe(false),
  );
});
