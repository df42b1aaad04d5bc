import { describe, expect, it } from "vitest";
import { attachmentsPrefix, revokeAttachmentLinks, type AttachmentLinkStore } from "./attachment-links.js";

/** Objects by name, each with its download tokens. */
function memoryStore(objects: Record<string, string[]>): AttachmentLinkStore {
  return {
    names: async (prefix) => Object.keys(objects).filter((name) => name.startsWith(prefix)),
    replaceDownloadTokens: async (name, token) => {
      objects[name] = [token];
    },
  };
}

describe("revokeAttachmentLinks", () => {
  it("replaces every download token of each of the partner's attachments with a new one, and nothing else", async () => {
    const objects = {
      "partners/acme/attachments/e1/a.pdf": ["t1", "t2"],
      "partners/acme/attachments/e2/b.png": ["t3"],
      "partners/acme-two/attachments/e1/c.pdf": ["t4"],
      "partners/globex/attachments/e1/d.pdf": ["t5"],
    };
    let minted = 0;
    const count = await revokeAttachmentLinks(memoryStore(objects), "acme", () => `new-${++minted}`);

    expect(count).toBe(2);
    expect(objects).toEqual({
      "partners/acme/attachments/e1/a.pdf": ["new-1"],
      "partners/acme/attachments/e2/b.png": ["new-2"],
      "partners/acme-two/attachments/e1/c.pdf": ["t4"],
      "partners/globex/attachments/e1/d.pdf": ["t5"],
    });
  });

  it("gives every attachment a token of its own, random by default, across more attachments than it updates at once", async () => {
    const objects = Object.fromEntries(
      Array.from({ length: 40 }, (_, i) => [`${attachmentsPrefix("acme")}e${i}/f.pdf`, ["old"]]),
    );
    expect(await revokeAttachmentLinks(memoryStore(objects), "acme")).toBe(40);
    const tokens = Object.values(objects).flat();
    expect(new Set(tokens).size).toBe(40);
    expect(tokens).not.toContain("old");
  });

  it("answers 0 for a partner without attachments", async () => {
    expect(await revokeAttachmentLinks(memoryStore({}), "acme")).toBe(0);
  });
});
