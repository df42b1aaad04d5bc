import { describe, expect, it } from "vitest";
import { call, entryBody } from "../support/http.js";
import { encodePageToken } from "partner-api-functions/page-token";
import { partnerSession } from "../support/stack.js";

async function createEntries(token: string, count: number, from = 0): Promise<string[]> {
  const ids: string[] = [];
  for (let index = from; index < from + count; index++) {
    const created = await call("/entries", {
      method: "POST",
      token,
      body: entryBody({ amountMinor: index + 1 }),
    });
    ids.push(created.body.id);
  }
  return ids;
}

describe("pagination", () => {
  it(
    "pages through more than two pages with no gap or repeat while entries are being added",
    { timeout: 60_000 },
    async () => {
      const partner = await partnerSession({ scopes: ["entries:read", "entries:write"] });
      const existing = await createEntries(partner.token, 11);
      const seen: string[] = [];
      let pageToken: string | null = null;
      let pages = 0;
      do {
        const query: string = pageToken ? `?limit=3&pageToken=${encodeURIComponent(pageToken)}` : "?limit=3";
        const page = await call(`/entries${query}`, { token: partner.token });
        expect(page.status).toBe(200);
        expect(page.body.data.length).toBeLessThanOrEqual(3);
        seen.push(...page.body.data.map((entry: { id: string }) => entry.id));
        pageToken = page.body.nextPageToken;
        pages++;
        // Entries created mid-walk are newer than the cursor, so they must not shift the pages ahead.
        if (pages === 2) await createEntries(partner.token, 2, 100);
      } while (pageToken && pages < 10);
      expect(pages).toBe(4);
      expect(seen).toEqual([...existing].reverse());
    },
  );

  it("defaults to 20 entries a page", async () => {
    const partner = await partnerSession();
    await createEntries(partner.token, 21);
    const page = await call("/entries", { token: partner.token });
    expect(page.body.data).toHaveLength(20);
    expect(page.body.nextPageToken).toEqual(expect.any(String));
  });

  it("answers 400 naming the parameter for a bad limit, a malformed pageToken or an unknown parameter", async () => {
    const partner = await partnerSession({ scopes: ["entries:read"] });
    const cases: [string, string][] = [
      ["?limit=0", "limit"],
      ["?limit=101", "limit"],
      ["?limit=abc", "limit"],
      ["?limit=2.5", "limit"],
      ["?pageToken=not-a-token", "pageToken"],
      [`?pageToken=${Buffer.from('{"c":"x","i":"y"}').toString("base64url")}`, "pageToken"],
      ["?cursor=1", "cursor"],
      // Well-formed tokens whose time no Firestore timestamp can hold.
      ...["0000-01-01T00:00:00Z", "0001-01-01T00:30:00+01:00", "9999-12-31T23:59:59-01:00"].map(
        (createdAt): [string, string] => [
          `?pageToken=${encodePageToken({ createdAt, id: "e_x" })}`,
          "pageToken",
        ],
      ),
    ];
    for (const [query, field] of cases) {
      const response = await call(`/entries${query}`, { token: partner.token });
      expect(response.status, query).toBe(400);
      expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    }
  });
});
