import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawClient, type RawClient } from "./support/raw-client.js";
import { putRules, rulesBody } from "./support/rules-loader.js";
import { mockIdToken } from "./support/tokens.js";

// A fuzz of the emulator's gRPC surface against the service's documented limits ("Quotas and limits",
// "Query limitations"): 30 disjunctions in disjunctive normal form, 30 values in `in` and
// `array-contains-any` and 10 in `not-in`, 5 aggregations, a 1 MiB document, 20 levels of nesting,
// 1,500-byte ids, 6 KiB names, 500 writes per request. Requests just inside each limit must succeed, just
// outside (and far outside) must be INVALID_ARGUMENT, for an admin, a signed-in user or nobody, with this
// project's rules loaded. The emulator runs as its own process with a 512 MiB heap: a request that crashed
// or exhausted it would end the process, which fails the run; its peak RSS is printed.
// FUZZ_RUNS sets the number of generated requests (default 40).

const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const HEAP_MB = 512;
const PROJECT = "demo-wire-fuzz";
const DATABASE = `projects/${PROJECT}/databases/(default)`;
const DOCUMENTS = `${DATABASE}/documents`;
const MiB = 1024 * 1024;

const OK = 0;
const INVALID_ARGUMENT = 3;
const PERMISSION_DENIED = 7;
/** What a well-formed request may answer under rules: success or a denial. */
const CLEAN_FOR_CLIENTS = [OK, PERMISSION_DENIED];

type Caller = "owner" | "user" | "anonymous";
interface Probe {
  readonly label: string;
  readonly method: string;
  readonly request: unknown;
  /** Whether the service would take the request (given the rights); false means INVALID_ARGUMENT. */
  readonly valid: boolean;
}

/** A probe that fast-check reports by its label, not by a megabyte of request. */
const probe = (p: Probe): Probe => Object.assign(p, { [fc.toStringMethod]: () => p.label });

let emulator: ChildProcess;
let raw: RawClient;
let host: string;

function startEmulator(): Promise<string> {
  const cli = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
  emulator = spawn(
    process.execPath,
    [`--max-old-space-size=${HEAP_MB}`, "--import", "tsx", cli, "--port", "0"],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  return new Promise((resolve, reject) => {
    emulator.once("exit", (code) => reject(new Error(`emulator exited with ${code}`)));
    emulator.stdout?.on("data", (chunk: Buffer) => {
      const ready = /ready on (\S+)/.exec(chunk.toString());
      if (ready) resolve(ready[1] as string);
    });
  });
}

/** Peak resident memory of the emulator process so far, from /proc (Linux), in MiB. */
function peakRssMiB(): number | undefined {
  try {
    const status = readFileSync(`/proc/${emulator.pid}/status`, "utf8");
    const peak = /VmHWM:\s+(\d+) kB/.exec(status);
    return peak ? Math.round(Number(peak[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

beforeAll(async () => {
  host = await startEmulator();
  raw = rawClient(host);
  const rules = readFileSync(fileURLToPath(new URL("../../../firestore.rules", import.meta.url)), "utf8");
  expect((await putRules(host, PROJECT, rulesBody(rules))).status).toBe(200);
}, 60_000);
afterAll(() => {
  raw?.close();
  emulator?.kill("SIGTERM");
});

// ---- generators, one per limit; each probe knows whether the service would take it.

const values = (n: number) => ({
  arrayValue: { values: Array.from({ length: n }, (_, i) => ({ integerValue: String(i) })) },
});
const fieldFilter = (field: string, op: string, value: unknown) => ({
  fieldFilter: { field: { fieldPath: field }, op, value },
});
const query = (where: unknown, extra: Record<string, unknown> = {}) => ({
  parent: DOCUMENTS,
  structuredQuery: { from: [{ collectionId: "fuzz" }], where, limit: { value: 5 }, ...extra },
});
const and = (filters: unknown[]) => ({ compositeFilter: { op: "AND", filters } });
const or = (filters: unknown[]) => ({ compositeFilter: { op: "OR", filters } });
const LIST_SIZES = [1, 2, 5, 29, 30, 31, 100, 1024, 20_000];

const inLists = fc
  .array(fc.constantFrom(...LIST_SIZES), { minLength: 1, maxLength: 3 })
  .map((sizes): Probe => {
    const product = sizes.reduce((p, n) => p * n, 1);
    return probe({
      label: `AND of in-lists ${sizes.join(" x ")}`,
      method: "RunQuery",
      request: query(and(sizes.map((n, i) => fieldFilter(`f${i}`, "IN", values(n))))),
      valid: sizes.every((n) => n <= 30) && product <= 30,
    });
  });

const orOfEqualities = fc.integer({ min: 1, max: 64 }).map((n): Probe =>
  probe({
    label: `OR of ${n} equalities`,
    method: "RunQuery",
    request: query(
      or(Array.from({ length: n }, (_, i) => fieldFilter("f", "EQUAL", { integerValue: String(i) }))),
    ),
    valid: n <= 30,
  }),
);

const anyAndNotIn = fc
  .tuple(fc.constantFrom("ARRAY_CONTAINS_ANY", "NOT_IN"), fc.constantFrom(1, 9, 10, 11, 30, 31, 5000))
  .map(([op, n]): Probe =>
    probe({
      label: `${op} of ${n} values`,
      method: "RunQuery",
      request: query(fieldFilter("f", op, values(n))),
      valid: n <= (op === "NOT_IN" ? 10 : 30),
    }),
  );

const aggregations = fc.integer({ min: 1, max: 8 }).map((n): Probe =>
  probe({
    label: `${n} aggregations`,
    method: "RunAggregationQuery",
    request: {
      parent: DOCUMENTS,
      structuredAggregationQuery: {
        structuredQuery: { from: [{ collectionId: "fuzz" }], limit: { value: 5 } },
        aggregations: Array.from({ length: n }, (_, i) => ({ alias: `a${i}`, count: {} })),
      },
    },
    valid: n <= 5,
  }),
);

const commit = (writes: unknown[]) => ({ database: DATABASE, writes });
const update = (path: string, fields: Record<string, unknown>) => ({
  update: { name: `${DOCUMENTS}/${path}`, fields },
});

// The document `fuzz/big` with one string field `s`: its name (5 + 4 + 16), the field name (2), the
// string (length + 1) and 32 bytes.
const BIG_OVERHEAD = 25 + 2 + 1 + 32;
const documentSizes = fc.integer({ min: -3, max: 3 }).map((delta): Probe => {
  const length = MiB - BIG_OVERHEAD + delta;
  return probe({
    label: `a document of ${MiB + delta} bytes`,
    method: "Commit",
    request: commit([update("fuzz/big", { s: { stringValue: "x".repeat(length) } })]),
    valid: delta <= 0,
  });
});

const nested = (depth: number, arrays: readonly boolean[]): unknown => {
  let value: unknown = { integerValue: "1" };
  for (let level = depth - 1; level >= 1; level--)
    value = arrays[level % arrays.length]
      ? { arrayValue: { values: [value] } }
      : { mapValue: { fields: { n: value } } };
  return value;
};
const depths = fc
  .tuple(fc.constantFrom(1, 19, 20, 21, 25, 30), fc.array(fc.boolean(), { minLength: 1, maxLength: 4 }))
  .map(([depth, arrays]): Probe =>
    probe({
      label: `a value at depth ${depth}`,
      method: "Commit",
      request: commit([update("fuzz/deep", { v: nested(depth, arrays) as object })]),
      valid: depth <= 20,
    }),
  );

const batchSizes = fc.constantFrom(1, 499, 500, 501, 5000).map((n): Probe =>
  probe({
    label: `${n} writes in one commit`,
    method: "Commit",
    request: commit(
      Array.from({ length: n }, (_, i) => update(`fuzz/w${i}`, { i: { integerValue: String(i) } })),
    ),
    valid: n <= 500,
  }),
);

const ids = fc.constantFrom(
  { id: "x".repeat(1500), valid: true },
  { id: "x".repeat(1501), valid: false },
  { id: "é".repeat(751), valid: false },
  { id: "__x__", valid: false },
  { id: "__id42__", valid: true },
  { id: ".", valid: false },
  { id: "..", valid: false },
  { id: "a", valid: true },
);
const names = fc
  .tuple(ids, fc.constantFrom("BatchGetDocuments", "Commit"), fc.constantFrom(1, 2, 5))
  .map(([{ id, valid }, method, depth]): Probe => {
    // `depth` collection/document pairs, the last document named `id`; three 1,500-byte ids exceed 6 KiB.
    const path = [
      ...Array.from({ length: depth - 1 }, (_, i) => `c${i}/${i === 0 ? id : "d"}`),
      `fuzz/${id}`,
    ].join("/");
    const overLong = Buffer.byteLength(path) > 6 * 1024;
    return probe({
      label: `${method} of a ${Buffer.byteLength(path)}-byte name (id ${id.slice(0, 8)}… ${id.length} chars)`,
      method,
      request:
        method === "Commit"
          ? commit([update(path, { a: { integerValue: "1" } })])
          : { database: DATABASE, documents: [`${DOCUMENTS}/${path}`] },
      valid: valid && !overLong,
    });
  });

const deepNames = fc.constantFrom(99, 100, 101, 2000).map((levels): Probe => {
  const path = Array.from({ length: levels }, (_, i) => `c/d${i}`).join("/");
  return probe({
    label: `a name ${levels} collections deep`,
    method: "BatchGetDocuments",
    request: { database: DATABASE, documents: [`${DOCUMENTS}/${path}`] },
    valid: levels <= 100 && Buffer.byteLength(path) <= 6 * 1024,
  });
});

const probes = fc.oneof(
  inLists,
  orOfEqualities,
  anyAndNotIn,
  aggregations,
  documentSizes,
  depths,
  batchSizes,
  names,
  deepNames,
);

describe("the gRPC surface against the service's documented limits", () => {
  it(`takes what is within each limit, refuses what is beyond with INVALID_ARGUMENT, and never crashes (${RUNS} requests)`, async () => {
    const started = Date.now();
    let crashed: string | null = null;
    emulator.once("exit", (code, signal) => (crashed = `emulator exited (${code ?? signal})`));
    await fc.assert(
      fc.asyncProperty(
        probes,
        fc.constantFrom<Caller>("owner", "user", "anonymous"),
        async (probe, caller) => {
          const token =
            caller === "owner" ? "owner" : caller === "user" ? mockIdToken("fuzzer", {}, PROJECT) : undefined;
          const outcome = await raw.call(probe.method, probe.request, token);
          expect(crashed, probe.label).toBeNull();
          const allowed = !probe.valid ? [INVALID_ARGUMENT] : caller === "owner" ? [OK] : CLEAN_FOR_CLIENTS;
          expect(allowed, `${probe.label} as ${caller}: ${outcome.code} ${outcome.details}`).toContain(
            outcome.code,
          );
        },
      ),
      { numRuns: RUNS, endOnFailure: true },
    );
    // Still serving after everything it was sent.
    const after = await raw.call(
      "BatchGetDocuments",
      { database: DATABASE, documents: [`${DOCUMENTS}/fuzz/a`] },
      "owner",
    );
    expect(after.code).toBe(OK);
    console.log(
      `wire-limits fuzz: ${RUNS} requests in ${((Date.now() - started) / 1000).toFixed(1)} s, emulator peak RSS ${peakRssMiB() ?? "?"} MiB (heap cap ${HEAP_MB} MiB)`,
    );
  }, 600_000);
});
