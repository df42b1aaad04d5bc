import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { AuditLog } from "../domain/audit-log.js";
import type { EntriesRepository, ListedEntry } from "../domain/entries-repository.js";
import type { Entry } from "../domain/entry-schema.js";
import type { PartnersRepository } from "../domain/partners-repository.js";
import { timestampParts } from "../domain/timestamp-range.js";
import { anEntry as entry } from "../testing/entry-fixtures.js";
import { createAuditLogRepository } from "./audit-log-repository.js";
import { createEntriesRepository } from "./entries-repository.js";
import { createInMemoryAuditLog } from "./in-memory-audit-log.js";
import { createInMemoryEntries } from "./in-memory-entries.js";
import { createInMemoryPartners } from "./in-memory-partners.js";
import { createMemoryDatabase } from "./memory-database.js";
import { createPartnersRepository } from "./partners-repository.js";
import { useEmbeddedFirestore } from "../testing/embedded-firestore.js";

// Each port's suite runs on both implementations: Firestore on the embedded emulator (in this process,
// on a free port) and the in-memory twin. Whatever passes here behaves alike, so fast tests on the
// twins say something about production.

const firestore = useEmbeddedFirestore();

interface PartnersBackend {
  partners: PartnersRepository;
  /** Stores a partner document with a raw status, as a direct writer with admin rights might. */
  storeRawStatus(partnerId: string, status: string): Promise<void>;
}

const partnersBackends: [string, () => PartnersBackend][] = [
  [
    "Firestore",
    () => ({
      partners: createPartnersRepository(firestore()),
      storeRawStatus: async (partnerId, status) => {
        await firestore().doc(`partners/${partnerId}`).set({ name: partnerId, status });
      },
    }),
  ],
  [
    "in-memory",
    () => {
      const db = createMemoryDatabase();
      return {
        partners: createInMemoryPartners(db),
        storeRawStatus: async (partnerId, status) =>
          db.set(`partners/${partnerId}`, { name: partnerId, status }),
      };
    },
  ],
];

const entriesBackends: [string, () => EntriesRepository][] = [
  ["Firestore", () => createEntriesRepository(firestore())],
  ["in-memory", () => createInMemoryEntries()],
];

interface TestEvent {
  action: string;
  subject: string | null;
}

const auditBackends: [string, () => AuditLog<TestEvent>][] = [
  [
    "Firestore",
    () => {
      // A clock that ticks on every record, so "oldest first" has one answer.
      let tick = 0;
      const clock = () => new Date(Date.UTC(2026, 10, 30) + ++tick);
      return createAuditLogRepository<TestEvent>(firestore(), { source: "contract-test" }, clock);
    },
  ],
  ["in-memory", () => createInMemoryAuditLog<TestEvent>()],
];

const partner = () => `p-${randomUUID().slice(0, 8)}`;

async function create(repo: EntriesRepository, ...entries: Entry[]): Promise<void> {
  await repo.runTransaction(async (tx) => {
    for (const one of entries) tx.createEntry(one);
  });
}

describe.each(partnersBackends)("partners repository on %s", (_name, open) => {
  it("reads a partner as active only when its stored status is exactly active", async () => {
    const { partners, storeRawStatus } = open();
    const [active, suspended, odd] = [partner(), partner(), partner()];
    await storeRawStatus(active, "active");
    await storeRawStatus(suspended, "suspended");
    await storeRawStatus(odd, "paused");
    expect(await partners.getPartner(active)).toEqual({
      id: active,
      status: "active",
      dailyRequestQuota: null,
    });
    expect(await partners.getPartner(suspended)).toEqual({
      id: suspended,
      status: "suspended",
      dailyRequestQuota: null,
    });
    expect(await partners.getPartner(odd)).toEqual({ id: odd, status: "suspended", dailyRequestQuota: null });
    expect(await partners.getPartner(partner())).toBeNull();
  });

  it("creates a partner once: a second create answers false and keeps the first status", async () => {
    const { partners } = open();
    const id = partner();
    expect(await partners.createPartner({ id, status: "suspended" })).toBe(true);
    expect(await partners.createPartner({ id, status: "active" })).toBe(false);
    expect(await partners.getPartner(id)).toEqual({ id, status: "suspended", dailyRequestQuota: null });
  });

  it("creates a partner once when two creates race", async () => {
    const { partners } = open();
    const id = partner();
    const outcomes = await Promise.all([
      partners.createPartner({ id, status: "active" }),
      partners.createPartner({ id, status: "active" }),
    ]);
    expect(outcomes.sort()).toEqual([false, true]);
    expect(await partners.getPartner(id)).toEqual({ id, status: "active", dailyRequestQuota: null });
  });

  it("suspends and reinstates an existing partner, and refuses to set the status of a missing one", async () => {
    const { partners } = open();
    const id = partner();
    await partners.createPartner({ id, status: "active" });
    await partners.setPartnerStatus(id, "suspended");
    expect(await partners.getPartner(id)).toEqual({ id, status: "suspended", dailyRequestQuota: null });
    await partners.setPartnerStatus(id, "active");
    expect(await partners.getPartner(id)).toEqual({ id, status: "active", dailyRequestQuota: null });
    const missing = partner();
    await expect(partners.setPartnerStatus(missing, "active")).rejects.toMatchObject({ code: 5 });
    expect(await partners.getPartner(missing)).toBeNull();
  });
});

describe.each(auditBackends)("audit log on %s", (_name, open) => {
  it("keeps an intended change pending until it is settled, and never lists an appended event", async () => {
    const log = open();
    await log.append({ action: "token.issued", subject: "c1" });
    const first = await log.intend({ action: "claims.grant", subject: "u1" });
    const second = await log.intend({ action: "partner.create", subject: null });
    expect(await log.pending()).toEqual([
      { id: first, event: { action: "claims.grant", subject: "u1" } },
      { id: second, event: { action: "partner.create", subject: null } },
    ]);
    await log.applied(first);
    expect(await log.pending()).toEqual([{ id: second, event: { action: "partner.create", subject: null } }]);
    await log.notApplied(second, "another run created the partner first");
    expect(await log.pending()).toEqual([]);
  });

  it("refuses to settle a record that does not exist, and records nothing", async () => {
    const log = open();
    await expect(log.applied("no-such-record")).rejects.toThrow();
    expect(await log.pending()).toEqual([]);
  });
});

describe.each(entriesBackends)("entries repository on %s", (_name, open) => {
  it("returns a created entry exactly as it was given, with and without externalId", async () => {
    const repo = open();
    const p = partner();
    const plain = entry(p, "e_plain", "2026-11-21T10:00:00.123Z");
    const referenced = entry(p, "e_ref", "2026-11-21T10:00:00.124Z", { externalId: "pos-4711" });
    await create(repo, plain, referenced);
    expect(await repo.getEntry(p, "e_plain")).toEqual(plain);
    expect(await repo.getEntry(p, "e_ref")).toEqual(referenced);
    expect(await repo.getEntry(p, "e_missing")).toBeNull();
    expect(await repo.getEntry(partner(), "e_plain")).toBeNull();
  });

  it("fails a create over an existing entry with ALREADY_EXISTS and keeps the first", async () => {
    const repo = open();
    const p = partner();
    const first = entry(p, "e_1", "2026-11-21T10:00:00.000Z");
    await create(repo, first);
    await expect(create(repo, { ...first, description: "second" })).rejects.toMatchObject({ code: 6 });
    expect(await repo.getEntry(p, "e_1")).toEqual(first);
  });

  it("lists newest first, breaks ties by id descending, and pages from a cursor", async () => {
    const repo = open();
    const p = partner();
    const at = (second: number) => `2026-11-21T10:00:0${second}.000Z`;
    await create(
      repo,
      entry(p, "e_a", at(1)),
      entry(p, "e_b", at(2)),
      entry(p, "e_c", at(2)),
      entry(p, "e_d", at(3)),
      entry(partner(), "e_other", at(4)),
    );
    const ids = (listed: ListedEntry[]) => listed.map(({ entry }) => entry.id);
    const after = (second: number, id: string) => ({ createdAt: timestampParts(Date.parse(at(second))), id });
    expect(ids(await repo.listEntries(p, 10, null))).toEqual(["e_d", "e_c", "e_b", "e_a"]);
    expect(ids(await repo.listEntries(p, 2, null))).toEqual(["e_d", "e_c"]);
    expect(ids(await repo.listEntries(p, 10, after(2, "e_c")))).toEqual(["e_b", "e_a"]);
    expect(ids(await repo.listEntries(p, 1, after(3, "e_d")))).toEqual(["e_c"]);
    expect(ids(await repo.listEntries(p, 10, after(1, "e_a")))).toEqual([]);
    // Each listed entry carries the cursor that continues just after it.
    const [first] = await repo.listEntries(p, 1, null);
    expect(first?.cursor).toEqual(after(3, "e_d"));
    expect(ids(await repo.listEntries(p, 10, first?.cursor ?? null))).toEqual(["e_c", "e_b", "e_a"]);
  });

  it("orders tied ids as Firestore does, by their UTF-8 bytes", async () => {
    const repo = open();
    const p = partner();
    const at = "2026-11-21T10:00:00.000Z";
    // U+FF5E sorts before U+1F600 in UTF-8 but after it in UTF-16 code units.
    await create(repo, entry(p, "e_\uff5e", at), entry(p, "e_\u{1f600}", at), entry(p, "e_z", at));
    expect((await repo.listEntries(p, 10, null)).map(({ entry }) => entry.id)).toEqual([
      "e_\u{1f600}",
      "e_\uff5e",
      "e_z",
    ]);
  });

  it("stores an idempotency record and reads it back inside a later transaction", async () => {
    const repo = open();
    const p = partner();
    const body = entry(p, "e_1", "2026-11-21T10:00:00.000Z");
    const record = { requestHash: "h1", status: 201, body, expiresAt: "2026-11-22T10:00:00.000Z" };
    await repo.runTransaction(async (tx) => tx.putIdempotencyRecord(p, "k1", record));
    expect(await repo.runTransaction((tx) => tx.getIdempotencyRecord(p, "k1"))).toEqual(record);
    expect(await repo.runTransaction((tx) => tx.getIdempotencyRecord(p, "k2"))).toBeNull();
  });

  it("refuses a read after a write inside a transaction, and writes nothing", async () => {
    const repo = open();
    const p = partner();
    const attempt = repo.runTransaction(async (tx) => {
      tx.createEntry(entry(p, "e_1", "2026-11-21T10:00:00.000Z"));
      await tx.getEntry(p, "e_1");
    });
    await expect(attempt).rejects.toThrow(/reads to be executed before all writes/);
    expect(await repo.getEntry(p, "e_1")).toBeNull();
  });

  it("runs the work once and writes nothing when it throws", async () => {
    const repo = open();
    const p = partner();
    let runs = 0;
    const attempt = repo.runTransaction(async (tx) => {
      runs++;
      tx.createEntry(entry(p, "e_1", "2026-11-21T10:00:00.000Z"));
      throw new Error("refused by the domain");
    });
    await expect(attempt).rejects.toThrow("refused by the domain");
    expect(runs).toBe(1);
    expect(await repo.getEntry(p, "e_1")).toBeNull();
  });

  it("loses no update when transactions read and write the same entry at once", async () => {
    const repo = open();
    const p = partner();
    await create(repo, entry(p, "e_1", "2026-11-21T10:00:00.000Z"));
    const bump = () =>
      repo.runTransaction(async (tx) => {
        const current = await tx.getEntry(p, "e_1");
        if (!current) throw new Error("missing");
        tx.updateEntry(p, "e_1", { version: current.version + 1, updatedAt: current.updatedAt });
      });
    await Promise.all([bump(), bump(), bump()]);
    expect((await repo.getEntry(p, "e_1"))?.version).toBe(4);
  });
});
