import { describe, expect, it } from "vitest";
import { call, entryBody } from "../support/http.js";
import { collection, doc, serverTimestamp, writeBatch } from "firebase/firestore";
import { firestoreAs } from "../support/client-sdk.js";
import { pageTokenAt } from "../support/page-tokens.js";
import { adminDb, partnerSession, type PartnerSession } from "../support/stack.js";

async function createEntries(token: string, count: number, from = 0): Promise<string[]> {
  const ids: string[] = [];
  for (let index = from; index < from + count; index++) {
    const created = await call("/entries", {
      method: "POST",
      token,
      body: entryBody({ amountMinor: index + 1 }),
    });
    expect(created.status, created.text).toBe(201);
    ids.push(created.body.id);
  }
  return ids;
}

/**
 * Creates entries directly, as a partner's own code may (the rules allow it): the Firebase JS SDK with
 * the partner's ID token, all in one batch, so they share one commit time, which serverTimestamp()
 * gives with microseconds. A null id asks the SDK for an auto id. Returns the ids in the order given.
 */
async function writeEntriesDirectly(partner: PartnerSession, ids: (string | null)[]): Promise<string[]> {
  const client = firestoreAs(partner.token);
  try {
    const entries = collection(client.service, `partners/${partner.partnerId}/entries`);
    const batch = writeBatch(client.service);
    const refs = ids.map((id) => (id === null ? doc(entries) : doc(entries, id)));
    for (const ref of refs) {
      const { externalId: _externalId, occurredAt, ...fields } = entryBody();
      batch.set(ref, {
        ...fields,
        partnerId: partner.partnerId,
        occurredAt: new Date(String(occurredAt)),
        status: "posted",
        version: 1,
        createdAt: serverTimestamp(),
        updatedAt: serverTimestamp(),
      });
    }
    await batch.commit();
    return refs.map((ref) => ref.id);
  } finally {
    await client.close();
  }
}

/** Every entry id of the partner through the API, `limit` at a time, following nextPageToken. */
async function walkPages(token: string, limit: number): Promise<string[]> {
  const seen: string[] = [];
  let pageToken: string | null = null;
  do {
    const query: string = pageToken ? `&pageToken=${encodeURIComponent(pageToken)}` : "";
    const page = await call(`/entries?limit=${limit}${query}`, { token });
    expect(page.status, page.text).toBe(200);
    seen.push(...page.body.data.map((entry: { id: string }) => entry.id));
    pageToken = page.body.nextPageToken;
  } while (pageToken && seen.length < 100);
  return seen;
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

  it(
    "pages entries a partner wrote directly with the Firebase SDK, three at one instant with auto ids, with no gap or repeat, each readable at its own URL",
    { timeout: 60_000 },
    async () => {
      const partner = await partnerSession();
      const [older] = await createEntries(partner.token, 1);
      const autoIds = await writeEntriesDirectly(partner, [null, null, null]);
      // API-shaped ids too, so only the cursor's time precision (not the id check) is under test here.
      const sameInstant = await writeEntriesDirectly(partner, ["e_direct1", "e_direct2", "e_direct3"]);
      const unusualIds = await writeEntriesDirectly(partner, [
        "with spaces, ünïcødé & 100%",
        "é".repeat(750),
      ]);
      const [newer] = await createEntries(partner.token, 1);

      const stored = await adminDb().collection(`partners/${partner.partnerId}/entries`).get();
      const createdAt = new Map(stored.docs.map((doc) => [doc.id, doc.get("createdAt")]));
      // The premise: one batch, one instant, kept by Firestore at microsecond precision.
      expect(new Set(autoIds.map((id) => createdAt.get(id)?.valueOf())).size).toBe(1);
      expect(new Set(sameInstant.map((id) => createdAt.get(id)?.valueOf())).size).toBe(1);

      const newestFirst = [newer, ...unusualIds, ...sameInstant, ...autoIds, older].map(String);
      const byPosition = (a: string, b: string) =>
        createdAt.get(b).toMillis() - createdAt.get(a).toMillis() ||
        createdAt.get(b).nanoseconds - createdAt.get(a).nanoseconds ||
        (a < b ? 1 : -1);
      const seen = await walkPages(partner.token, 1);
      expect(seen).toEqual([...newestFirst].sort(byPosition));
      expect(new Set(seen).size).toBe(newestFirst.length);
      expect(await walkPages(partner.token, 3)).toEqual(seen);

      for (const id of [...autoIds, ...unusualIds]) {
        const read = await call(`/entries/${encodeURIComponent(id)}`, { token: partner.token });
        expect(read.status, id).toBe(200);
        expect(read.body.id).toBe(id);
      }
      const corrected = await call(`/entries/${encodeURIComponent(autoIds[0] ?? "")}`, {
        method: "PATCH",
        token: partner.token,
        body: { category: "corrected" },
      });
      expect(corrected.status).toBe(200);
      expect(corrected.body).toMatchObject({ id: autoIds[0], category: "corrected", version: 2 });
    },
  );

  // Reading such an id would make Firestore answer INVALID_ARGUMENT (a 500); the API does not ask.
  it("answers 404, not a Firestore error, for an id no document can have", async () => {
    const partner = await partnerSession();
    for (const id of ["__reserved__", "x".repeat(1501), "a%2Fb"]) {
      const response = await call(`/entries/${id}`, { token: partner.token });
      expect(response.status, id).toBe(404);
      expect(response.body.status).toBe(404);
    }
  });

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
        (time): [string, string] => [`?pageToken=${pageTokenAt(time, "e_x")}`, "pageToken"],
      ),
    ];
    for (const [query, field] of cases) {
      const response = await call(`/entries${query}`, { token: partner.token });
      expect(response.status, query).toBe(400);
      expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    }
  });
});
