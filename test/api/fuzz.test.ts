import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pageTokenAt } from "../support/page-tokens.js";
import { API_BASE } from "../support/stack.js";
import { adminDb, partnerSession, type PartnerSession } from "../support/stack.js";
import { unsignedIdToken } from "../support/tokens.js";

// 2,000 generated requests against the running API. Every answer must be a 4xx problem+json or a
// success for a request that was valid; never a 5xx, never a hang. Afterwards Firestore must hold
// exactly the entries the successful creates reported.

const RUNS = 2_000;
const REQUEST_TIMEOUT_MS = 15_000;

type TokenKind =
  | "none"
  | "garbage"
  | "valid"
  | "readOnly"
  | "forgedPartner"
  | "wrongAudience"
  | "wrongIssuer"
  | "expired"
  | "rs256Unsigned";

interface FuzzRequest {
  method: string;
  path: string;
  token: TokenKind;
  contentType: string | null;
  body: string | null;
  headers: Record<string, string>;
}

const validEntry = {
  type: "income",
  amountMinor: 1250,
  currency: "EUR",
  description: "Lunch",
  category: "sales",
  occurredAt: "2026-11-20T12:00:00Z",
};

// The edges of every date and number the API takes, inside and just outside each bound. Firestore
// timestamps hold 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z, which RFC 3339 overshoots.
const EDGE_INSTANTS = [
  "0000-01-01T00:00:00Z",
  "0000-12-31T23:59:59.999Z",
  "0001-01-01T00:00:00Z",
  "0001-01-01T00:30:00+01:00",
  "0001-01-01T01:00:00+01:00",
  "1970-01-01T00:00:00Z",
  "2026-11-20T12:00:00+23:59",
  "2026-11-20T12:00:00-23:59",
  "9999-12-31T22:59:59-01:00",
  "9999-12-31T23:59:59-01:00",
  "9999-12-31T23:59:59.999999999Z",
  "+010000-01-01T00:00:00Z",
  "-000001-01-01T00:00:00Z",
];
const EDGE_NUMBERS = [
  0,
  -0,
  1,
  -1,
  0.5,
  1e12 - 1,
  1e12,
  1e12 + 1,
  2 ** 53 - 1,
  2 ** 53,
  2 ** 64,
  1e308,
  -1e308,
  5e-324,
];
const EDGE_LIMITS = ["0", "1", "100", "101", "-0", "1e2", "1e308", "9007199254740993", "0x10", " 5"];

const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.constantFrom(null, true, false, 0, -1, 1e12, 1e12 + 1, -1e308, 2 ** 53, 1.5),
    fc.string({ maxLength: 40 }),
    fc.string({ unit: "grapheme", maxLength: 20 }),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom("type", "amountMinor", "__proto__", "constructor", "x"), tie("value"), {
      maxKeys: 4,
    }),
  ),
})).value;

const entryLike = fc.record(
  {
    type: fc.oneof(fc.constantFrom("income", "expense", "INCOME", ""), jsonValue),
    amountMinor: fc.oneof(
      fc.integer({ min: -5, max: 5 }),
      fc.constantFrom(1e12, 1e12 + 1, 1.25, -0),
      jsonValue,
    ),
    currency: fc.oneof(fc.constantFrom("EUR", "eur", "EURO", "XXX", "ÄÖÜ"), jsonValue),
    description: fc.oneof(fc.string({ maxLength: 30 }), fc.constant("x".repeat(501)), jsonValue),
    category: fc.oneof(fc.string({ maxLength: 10 }), fc.constant("y".repeat(65))),
    occurredAt: fc.oneof(
      fc.constantFrom("2026-11-20T12:00:00Z", "2026-02-30T00:00:00Z", "yesterday", "0000-01-01T00:00:00Z"),
      jsonValue,
    ),
    externalId: fc.oneof(fc.string({ maxLength: 10 }), fc.constant("z".repeat(129))),
    status: fc.constantFrom("posted", "void"),
    version: fc.integer(),
    // Computed, so these are own keys of the generated object (as JSON.parse makes them), not its prototype.
    ["__proto__"]: fc.constant({ admin: true }),
    constructor: fc.constant("x"),
  },
  { requiredKeys: [] },
);

// A valid entry with one field at an edge, so the edge reaches the storage layer rather than stopping
// at a neighbouring field's validation.
const edgeEntry = fc.oneof(
  fc.constantFrom(...EDGE_INSTANTS).map((occurredAt) => ({ ...validEntry, occurredAt })),
  fc.constantFrom(...EDGE_NUMBERS).map((amountMinor) => ({ ...validEntry, amountMinor })),
  fc.constantFrom(500, 501).map((length) => ({ ...validEntry, description: "d".repeat(length) })),
  fc.constantFrom(64, 65).map((length) => ({ ...validEntry, category: "c".repeat(length) })),
  fc.constantFrom(128, 129).map((length) => ({ ...validEntry, externalId: "x".repeat(length) })),
);

const body = fc.oneof(
  entryLike.map((value) => JSON.stringify(value)),
  fc.constant(JSON.stringify(validEntry)),
  edgeEntry.map((value) => JSON.stringify(value)),
  jsonValue.map((value) => JSON.stringify(value)),
  fc.constantFrom('{"type": "income",', "{", "nul", '{"a":1}}', "[".repeat(5000) + "]".repeat(5000), "{}"),
  fc.constant(JSON.stringify({ ...validEntry, description: "d".repeat(70_000) })),
  fc.constant('{"__proto__": {"role": "admin"}, "constructor": {"prototype": {}}}'),
);

const entryId = fc.oneof(
  fc.constantFrom(
    "e_missing",
    "..",
    "%2e%2e",
    "e_%2F..%2F..",
    "%2F",
    "e_" + "x".repeat(500),
    "ünïcødé",
    "e_💥",
  ),
  fc.stringMatching(/^[A-Za-z0-9_%.-]{1,30}$/),
);

const path = fc.oneof(
  fc.constantFrom(
    "/entries",
    "/me",
    "/health",
    "/openapi.json",
    "/",
    "/entries/",
    "//entries",
    "/../v1/me",
    "/ENTRIES",
  ),
  entryId.map((id) => `/entries/${id}`),
  fc
    .record({
      limit: fc.oneof(
        fc.integer({ min: -2, max: 102 }).map(String),
        fc.constantFrom("abc", "1e3", "", "2.5"),
      ),
      pageToken: fc.oneof(fc.base64String({ maxLength: 40 }), fc.constantFrom("e30", "not-a-token")),
    })
    .map(({ limit, pageToken }) => `/entries?limit=${limit}&pageToken=${encodeURIComponent(pageToken)}`),
  fc.constantFrom(...EDGE_LIMITS).map((limit) => `/entries?limit=${encodeURIComponent(limit)}`),
  fc.constantFrom(...EDGE_INSTANTS).map((time) => `/entries?pageToken=${pageTokenAt(time, "edge entry ü")}`),
);

const anyRequest: fc.Arbitrary<FuzzRequest> = fc.record({
  method: fc.constantFrom("GET", "POST", "PATCH", "PUT", "DELETE", "OPTIONS", "HEAD"),
  path,
  token: fc.constantFrom<TokenKind>(
    "none",
    "garbage",
    "valid",
    "valid",
    "readOnly",
    "forgedPartner",
    "wrongAudience",
    "wrongIssuer",
    "expired",
    "rs256Unsigned",
  ),
  contentType: fc.constantFrom("application/json", "application/json", "text/plain", "application/xml", null),
  body: fc.option(body, { nil: null }),
  headers: fc.record(
    {
      "idempotency-key": fc.oneof(fc.string({ maxLength: 20 }), fc.constant("k".repeat(300))),
      "if-match": fc.constantFrom('"v1"', '"v9"', "*", 'W/"v1"', "garbage"),
      "x-request-id": fc.oneof(fc.string({ maxLength: 20 }), fc.constant("r".repeat(300))),
    },
    { requiredKeys: [] },
  ),
});

// Creates at the edges, by the partner that may create, so each edge reaches Firestore.
const edgeCreate: fc.Arbitrary<FuzzRequest> = fc.record({
  method: fc.constant("POST"),
  path: fc.constant("/entries"),
  token: fc.constant<TokenKind>("valid"),
  contentType: fc.constant("application/json"),
  body: edgeEntry.map((value) => JSON.stringify(value)),
  headers: fc.constant({}),
});

// Valid creates, some with an Idempotency-Key, so the final state check has entries to account for.
const validCreate: fc.Arbitrary<FuzzRequest> = fc.record({
  method: fc.constant("POST"),
  path: fc.constant("/entries"),
  token: fc.constant<TokenKind>("valid"),
  contentType: fc.constant("application/json"),
  body: fc
    .integer({ min: 1, max: 1e12 })
    .map((amountMinor) => JSON.stringify({ ...validEntry, amountMinor })),
  headers: fc.option(
    fc.integer({ min: 0, max: 20 }).map((key) => ({ "idempotency-key": `fuzz-${key}` })),
    { nil: {} },
  ),
});

const fuzzRequest = fc.oneof(
  { arbitrary: anyRequest, weight: 4 },
  { arbitrary: validCreate, weight: 1 },
  { arbitrary: edgeCreate, weight: 1 },
);

function tokenFor(
  kind: TokenKind,
  writer: PartnerSession,
  reader: PartnerSession,
  victim: PartnerSession,
): string | null {
  const claims = { role: "partner", partnerId: writer.partnerId, scopes: ["entries:read", "entries:write"] };
  switch (kind) {
    case "none":
      return null;
    case "garbage":
      return "definitely.not.a-token";
    case "valid":
      return writer.token;
    case "readOnly":
      return reader.token;
    case "forgedPartner":
      return unsignedIdToken(writer.uid, { ...claims, partnerId: victim.partnerId });
    case "wrongAudience":
      return unsignedIdToken(writer.uid, claims, { project: "demo-other" });
    case "wrongIssuer": {
      const [header, payload] = unsignedIdToken(writer.uid, claims).split(".");
      const decoded = JSON.parse(Buffer.from(payload ?? "", "base64url").toString());
      const tampered = Buffer.from(JSON.stringify({ ...decoded, iss: "https://evil.example" })).toString(
        "base64url",
      );
      return `${header}.${tampered}.`;
    }
    case "expired":
      return unsignedIdToken(writer.uid, claims, { issuedSecondsAgo: 7200 });
    case "rs256Unsigned": {
      const [, payload] = unsignedIdToken(writer.uid, claims).split(".");
      return `${Buffer.from('{"alg":"RS256","kid":"x"}').toString("base64url")}.${payload}.c2lnbmF0dXJl`;
    }
  }
}

/** The runtime's own HTML 400 (unparsable JSON, broken percent-encoding), which no function can shape. */
function isRuntimeRejection(status: number, contentType: string): boolean {
  return status === 400 && contentType.startsWith("text/html");
}

const PUBLIC_PATHS = ["/health", "/openapi.json"];

describe("fuzzing the API", () => {
  it(
    `answers ${RUNS} generated requests with 4xx problem+json or a valid success, and loses nothing`,
    { timeout: 600_000 },
    async () => {
      const [writer, reader, victim] = await Promise.all([
        partnerSession(),
        partnerSession({ scopes: ["entries:read"] }),
        partnerSession(),
      ]);
      const createdIds = new Set<string>();
      const statuses = new Map<number, number>();

      await fc.assert(
        fc.asyncProperty(fuzzRequest, async (request) => {
          const headers: Record<string, string> = { ...request.headers };
          const token = tokenFor(request.token, writer, reader, victim);
          if (token) headers.authorization = `Bearer ${token}`;
          if (request.contentType && request.body !== null) headers["content-type"] = request.contentType;
          const sendsBody = request.body !== null && !["GET", "HEAD"].includes(request.method);
          const response = await fetch(`${API_BASE}${request.path}`, {
            method: request.method,
            headers,
            body: sendsBody ? request.body : undefined,
            signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
          });
          const text = await response.text();
          const contentType = response.headers.get("content-type") ?? "";
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          expect(response.status, `${request.method} ${request.path}: ${text.slice(0, 200)}`).toBeLessThan(
            500,
          );
          if (response.status >= 400) {
            if (isRuntimeRejection(response.status, contentType)) return;
            if (request.method === "HEAD") return;
            expect(contentType).toMatch(/^application\/problem\+json/);
            const problem = JSON.parse(text);
            expect(problem.status).toBe(response.status);
            expect(problem.requestId).toBe(response.headers.get("x-request-id"));
            return;
          }
          if (request.method === "POST" && response.status === 201) createdIds.add(JSON.parse(text).id);
          // Successes only for callers who may succeed: the writer, or the reader on a read.
          if (!PUBLIC_PATHS.includes(request.path) && request.method !== "OPTIONS") {
            expect(["valid", "readOnly"]).toContain(request.token);
          }
        }),
        { numRuns: RUNS, endOnFailure: true },
      );

      const stored = await Promise.all(
        [writer, reader, victim].map(async (partner) =>
          (await adminDb().collection(`partners/${partner.partnerId}/entries`).get()).docs.map(
            (doc) => doc.id,
          ),
        ),
      );
      expect(stored[1]).toEqual([]);
      expect(stored[2]).toEqual([]);
      expect(new Set(stored[0])).toEqual(createdIds);
      console.log(
        `fuzz: ${RUNS} requests, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`,
      );
    },
  );
});
