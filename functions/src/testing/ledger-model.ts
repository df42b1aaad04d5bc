import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import type { Entry } from "../domain/entries/entry-schema.js";

/**
 * A stateful model test of the ledger's promises (fast-check `commands`): API creates with and without
 * Idempotency-Key (replays, conflicting keys), PATCH with and without If-Match (current or stale),
 * voids, direct creates as the rules allow (one batch at one instant, auto ids), page walks with every
 * limit (one with a create between its pages), gets and histories. After every command the whole
 * listing is walked and compared with the reference model: exact stored values, newest first with no
 * gap and no repeat, each history complete, each replay identical to the first answer (and to GET
 * while the entry is unchanged). One model, two drivers: in process (test:unit) and on the stack.
 */

/** One answer of the API, as the model needs it. */
export interface ModelResponse {
  status: number;
  header(name: string): string | undefined;
  body: unknown;
}

/** What the model drives: the API over some transport, and a direct writer beside it. */
export interface LedgerDriver {
  request(
    method: string,
    path: string,
    options?: { body?: object; headers?: Record<string, string> },
  ): Promise<ModelResponse>;
  /**
   * Creates `count` entries directly, as a partner under the rules would: one batch at one instant,
   * with auto ids or ids of the writer's own. Returns them as the API shows them.
   */
  directCreate(count: number, autoIds: boolean): Promise<Entry[]>;
  /**
   * Where an entry sits in the newest-first order: a key whose string order is its creation time's at
   * full precision (microseconds for direct writes on Firestore); ties go to the larger id.
   */
  orderKey(entry: Entry): Promise<string>;
  /** Moves the API's clock, where the driver owns it (in process); a no-op on the stack. */
  advanceClock(ms: number): void;
}

interface ModelEntry {
  entry: Entry;
  orderKey: string;
  /** Expected history: each version's action and changes. */
  history: { version: number; action: "create" | "update"; changes: Record<string, unknown> }[];
  /** Created through the API (direct writes have no history). */
  viaApi: boolean;
}

/** The reference model: what the partner's ledger must hold. */
export interface LedgerModel {
  entries: Map<string, ModelEntry>;
  /** Idempotency-Key → the body it was first sent with and the first answer. */
  keys: Map<string, { body: object; answer: Entry }>;
}

export const emptyModel = (): LedgerModel => ({ entries: new Map(), keys: new Map() });

/** A command whose run ends by checking the whole listing against the model. */
abstract class Step implements fc.AsyncCommand<LedgerModel, LedgerDriver> {
  abstract check(model: Readonly<LedgerModel>): boolean;
  abstract act(model: LedgerModel, driver: LedgerDriver): Promise<void>;
  abstract toString(): string;
  async run(model: LedgerModel, driver: LedgerDriver): Promise<void> {
    await this.act(model, driver);
    await checkListing(model, driver);
  }
}

const BODIES = [
  {
    type: "income",
    amountMinor: 1250,
    currency: "EUR",
    description: "Lunch service",
    category: "sales",
    occurredAt: "2026-11-20T12:00:00.000Z",
  },
  {
    type: "expense",
    amountMinor: 990,
    currency: "USD",
    description: "Napkins ✓",
    category: "supplies",
    occurredAt: "2026-11-21T08:30:00+01:00",
  },
  {
    type: "income",
    amountMinor: 1,
    currency: "JPY",
    description: "",
    category: "tips",
    occurredAt: "2026-11-22T23:59:59.999Z",
  },
] as const;

const RECORDED = [
  "externalId",
  "type",
  "amountMinor",
  "currency",
  "description",
  "category",
  "occurredAt",
  "status",
] as const;

function expectThat(condition: boolean, message: string, detail?: unknown): asserts condition {
  if (!condition) throw new Error(`${message}${detail === undefined ? "" : `: ${JSON.stringify(detail)}`}`);
}

/** The model's entries, newest first, as the list must serve them. */
function newestFirst(model: LedgerModel): Entry[] {
  return [...model.entries.values()]
    .sort((a, b) =>
      a.orderKey !== b.orderKey ? (a.orderKey < b.orderKey ? 1 : -1) : a.entry.id < b.entry.id ? 1 : -1,
    )
    .map(({ entry }) => entry);
}

/** Walks every page at `limit`, optionally running `between` after the first page. */
async function walk(driver: LedgerDriver, limit: number, between?: () => Promise<void>): Promise<Entry[]> {
  const seen: Entry[] = [];
  let pageToken: string | null = null;
  for (let page = 0; page < 1000; page++) {
    const query: string = `?limit=${limit}${pageToken ? `&pageToken=${encodeURIComponent(pageToken)}` : ""}`;
    const response = await driver.request("GET", `/v1/entries${query}`);
    expectThat(response.status === 200, "a page answers 200", response.body);
    const body = response.body as { data: Entry[]; nextPageToken: string | null };
    expectThat(body.data.length <= limit, "a page holds at most limit entries");
    seen.push(...body.data);
    if (page === 0) await between?.();
    pageToken = body.nextPageToken;
    if (pageToken === null) return seen;
    expectThat(body.data.length === limit, "only the last page is short");
  }
  throw new Error("the walk did not end");
}

/** The invariant checked after every command: the whole listing is exactly the model, newest first. */
export async function checkListing(model: LedgerModel, driver: LedgerDriver): Promise<void> {
  const listed = await walk(driver, 100);
  expectThat(isDeepStrictEqual(listed, newestFirst(model)), "the listing is the model, newest first", {
    listed: listed.map(({ id }) => id),
    model: newestFirst(model).map(({ id }) => id),
  });
}

async function record(
  model: LedgerModel,
  driver: LedgerDriver,
  entry: Entry,
  viaApi: boolean,
): Promise<void> {
  const changes = Object.fromEntries(
    RECORDED.filter((field) => entry[field] !== null).map((field) => [
      field,
      { before: null, after: entry[field] },
    ]),
  );
  model.entries.set(entry.id, {
    entry,
    orderKey: await driver.orderKey(entry),
    history: viaApi ? [{ version: 1, action: "create", changes }] : [],
    viaApi,
  });
}

class Create extends Step {
  constructor(
    readonly bodyIndex: number,
    readonly key: string | null,
  ) {
    super();
  }
  check(): boolean {
    return true;
  }
  async act(model: LedgerModel, driver: LedgerDriver) {
    const body = BODIES[this.bodyIndex % BODIES.length] ?? BODIES[0];
    const headers: Record<string, string> = this.key ? { "idempotency-key": this.key } : {};
    const response = await driver.request("POST", "/v1/entries", { body, headers });
    const earlier = this.key ? model.keys.get(this.key) : undefined;
    if (earlier && !isDeepStrictEqual(earlier.body, body)) {
      expectThat(response.status === 422, "a key reused with another body is 422", response.body);
      return;
    }
    expectThat(response.status === 201, "a create is 201", response.body);
    const answer = response.body as Entry;
    if (earlier) {
      expectThat(response.header("idempotent-replayed") === "true", "a replay says so");
      expectThat(isDeepStrictEqual(answer, earlier.answer), "a replay is the first answer", {
        answer,
        earlier,
      });
      const current = model.entries.get(answer.id);
      if (current?.entry.version === 1) {
        const fetched = await driver.request("GET", `/v1/entries/${encodeURIComponent(answer.id)}`);
        expectThat(isDeepStrictEqual(fetched.body, answer), "a replay is what GET answers while unchanged");
      }
      return;
    }
    const { createdAt, updatedAt, id, ...fields } = answer;
    const occurredAt = new Date(body.occurredAt).toISOString();
    expectThat(
      isDeepStrictEqual(fields, {
        partnerId: answer.partnerId,
        externalId: null,
        ...body,
        occurredAt,
        status: "posted",
        version: 1,
      }) && createdAt === updatedAt,
      "a create answers what was sent",
      answer,
    );
    expectThat(!model.entries.has(id), "a create makes a new entry", id);
    if (this.key) model.keys.set(this.key, { body, answer });
    await record(model, driver, answer, true);
  }
  toString(): string {
    return `Create(body ${this.bodyIndex}, key ${this.key})`;
  }
}

type Patch = { description?: string; category?: string; status?: "void" };

/** A step on one of the entries the model knows, chosen by `target` (runs only once there is one). */
abstract class EntryStep extends Step {
  constructor(readonly target: number) {
    super();
  }
  check(model: Readonly<LedgerModel>): boolean {
    return model.entries.size > 0;
  }
  protected targetEntry(model: Readonly<LedgerModel>): ModelEntry {
    const entries = [...model.entries.values()];
    const current = entries[this.target % entries.length];
    if (!current) throw new Error("check() guarantees an entry");
    return current;
  }
}

class Correct extends EntryStep {
  constructor(
    target: number,
    readonly patch: Patch,
    readonly ifMatch: "none" | "current" | "stale",
  ) {
    super(target);
  }
  async act(model: LedgerModel, driver: LedgerDriver) {
    const current = this.targetEntry(model);
    const { entry } = current;
    const headers: Record<string, string> = {};
    if (this.ifMatch !== "none") {
      headers["if-match"] = this.ifMatch === "current" ? `"v${entry.version}"` : `"v${entry.version + 7}"`;
    }
    const response = await driver.request("PATCH", `/v1/entries/${encodeURIComponent(entry.id)}`, {
      body: this.patch,
      headers,
    });
    if (this.ifMatch === "stale") {
      expectThat(response.status === 412, "a stale If-Match is 412", response.body);
      return;
    }
    expectThat(response.status === 200, "a correction is 200", response.body);
    const updated = response.body as Entry;
    expectThat(
      isDeepStrictEqual(updated, {
        ...entry,
        ...this.patch,
        version: entry.version + 1,
        updatedAt: updated.updatedAt,
      }),
      "a correction changes only what it names, and bumps version",
      { entry, updated },
    );
    expectThat(response.header("etag") === `"v${updated.version}"`, "its ETag is the new version");
    const changes = Object.fromEntries(
      (["description", "category", "status"] as const)
        .filter((field) => this.patch[field] !== undefined && this.patch[field] !== entry[field])
        .map((field) => [field, { before: entry[field], after: this.patch[field] }]),
    );
    current.entry = updated;
    current.history.push({ version: updated.version, action: "update", changes });
  }
  toString(): string {
    return `Correct(#${this.target}, ${JSON.stringify(this.patch)}, If-Match ${this.ifMatch})`;
  }
}

class Direct extends Step {
  constructor(
    readonly count: number,
    readonly autoIds: boolean,
  ) {
    super();
  }
  check(): boolean {
    return true;
  }
  async act(model: LedgerModel, driver: LedgerDriver) {
    for (const entry of await driver.directCreate(this.count, this.autoIds)) {
      await record(model, driver, entry, false);
    }
  }
  toString(): string {
    return `Direct(${this.count}, ${this.autoIds ? "auto ids" : "own ids"})`;
  }
}

class Walk extends Step {
  constructor(
    readonly limit: number,
    readonly createBetween: boolean,
  ) {
    super();
  }
  check(): boolean {
    return true;
  }
  async act(model: LedgerModel, driver: LedgerDriver) {
    const before = newestFirst(model);
    let created: Entry | undefined;
    const walked = await walk(driver, this.limit, async () => {
      if (!this.createBetween) return;
      driver.advanceClock(1);
      const response = await driver.request("POST", "/v1/entries", { body: BODIES[0] });
      expectThat(response.status === 201, "a create between pages is 201", response.body);
      created = response.body as Entry;
    });
    // Entries created while a client pages appear before its cursor, never in the pages ahead.
    expectThat(isDeepStrictEqual(walked, before), "a page walk has no gap and no repeat", {
      walked: walked.map(({ id }) => id),
      before: before.map(({ id }) => id),
    });
    if (created) await record(model, driver, created, true);
  }
  toString(): string {
    return `Walk(limit ${this.limit}${this.createBetween ? ", a create between pages" : ""})`;
  }
}

class Read extends EntryStep {
  async act(model: LedgerModel, driver: LedgerDriver) {
    const current = this.targetEntry(model);
    const path = `/v1/entries/${encodeURIComponent(current.entry.id)}`;
    const fetched = await driver.request("GET", path);
    expectThat(isDeepStrictEqual(fetched.body, current.entry), "GET is the stored entry", fetched.body);
    expectThat(fetched.header("etag") === `"v${current.entry.version}"`, "GET's ETag is its version");
    const versions = await driver.request("GET", `${path}/versions?limit=100`);
    expectThat(versions.status === 200, "the history answers 200", versions.body);
    const history = (versions.body as { data: ModelEntry["history"] }).data.map(
      ({ version, action, changes }) => ({
        version,
        action,
        changes,
      }),
    );
    expectThat(isDeepStrictEqual(history, current.history), "the history is complete and exact", {
      history,
      expected: current.history,
    });
  }
  toString(): string {
    return `Read(#${this.target})`;
  }
}

class Tick extends Step {
  constructor(readonly ms: number) {
    super();
  }
  check(): boolean {
    return true;
  }
  async act(_model: LedgerModel, driver: LedgerDriver) {
    driver.advanceClock(this.ms);
  }
  toString(): string {
    return `Tick(${this.ms} ms)`;
  }
}

/** Every command: creates, corrections, direct writes, walks, reads and clock ticks. */
export function ledgerCommands(): fc.Arbitrary<Step>[] {
  const key = fc.option(fc.constantFrom("key-a", "key-b", "key-c"), { freq: 2 });
  const patch = fc
    .record(
      {
        description: fc.constantFrom("Lunch service", "corrected", "ünïcødé 💥"),
        category: fc.constantFrom("sales", "other"),
        status: fc.constant("void" as const),
      },
      { requiredKeys: [] },
    )
    .filter((value) => Object.keys(value).length > 0);
  return [
    fc.tuple(fc.nat(2), key).map(([body, k]) => new Create(body, k)),
    fc
      .tuple(fc.nat(50), patch, fc.constantFrom("none" as const, "current" as const, "stale" as const))
      .map(([target, p, ifMatch]) => new Correct(target, p, ifMatch)),
    fc.tuple(fc.integer({ min: 1, max: 3 }), fc.boolean()).map(([count, auto]) => new Direct(count, auto)),
    fc
      .tuple(fc.oneof(fc.integer({ min: 1, max: 7 }), fc.constant(100)), fc.boolean())
      .map(([limit, between]) => new Walk(limit, between)),
    fc.nat(50).map((target) => new Read(target)),
    fc.constantFrom(0, 1, 1000).map((ms) => new Tick(ms)),
  ];
}

/**
 * Asserts the property: any sequence of up to `maxCommands` commands keeps every promise, over
 * `numRuns` runs. `newDriver` gives each run a partner of its own, so runs never see one another.
 */
export async function assertLedgerPromises(
  newDriver: () => Promise<LedgerDriver>,
  { maxCommands, numRuns }: { maxCommands: number; numRuns: number },
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(fc.commands(ledgerCommands(), { maxCommands }), async (commands) => {
      const driver = await newDriver();
      await fc.asyncModelRun(async () => ({ model: emptyModel(), real: driver }), commands);
    }),
    { numRuns },
  );
}
