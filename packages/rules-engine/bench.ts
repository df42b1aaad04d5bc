// Evaluations per second on a realistic tenant-isolation ruleset: partner claims, a get() of the
// partner document, field validation on create, a diff() on update and a judged list query.
// Run: npm run bench -w packages/rules-engine
import { parseRules, type RulesRequest } from "./src/index.js";

const RULES = `rules_version = '2';
service cloud.firestore {
  match /databases/{database}/documents {
    function isPartner(partnerId) {
      let claims = request.auth.token;
      return request.auth != null && claims.role == 'partner' && claims.partnerId == partnerId;
    }
    function hasScope(scope) {
      return scope in request.auth.token.scopes;
    }
    function partnerActive(partnerId) {
      return get(/databases/$(database)/documents/partners/$(partnerId)).data.status == 'active';
    }
    function validEntry(e) {
      return e.keys().hasAll(['type', 'amountMinor', 'currency', 'occurredAt', 'status'])
        && e.keys().hasOnly(['type', 'amountMinor', 'currency', 'occurredAt', 'status', 'description', 'category', 'externalId'])
        && e.type in ['income', 'expense']
        && e.amountMinor is int && e.amountMinor >= 1 && e.amountMinor <= 1000000000000
        && e.currency.matches('[A-Z]{3}')
        && e.occurredAt is timestamp
        && e.get('description', '').size() <= 500
        && e.status == 'posted';
    }
    match /partners/{partnerId} {
      allow get: if isPartner(partnerId);
      match /entries/{entryId} {
        allow get: if isPartner(partnerId) && hasScope('entries:read') && partnerActive(partnerId);
        allow list: if isPartner(partnerId) && hasScope('entries:read') && request.query.limit <= 100
          && resource.data.status in ['posted', 'void'];
        allow create: if isPartner(partnerId) && hasScope('entries:write') && partnerActive(partnerId)
          && validEntry(request.resource.data);
        allow update: if isPartner(partnerId) && hasScope('entries:write')
          && request.resource.data.diff(resource.data).affectedKeys().hasOnly(['description', 'category', 'status'])
          && request.resource.data.status in ['posted', 'void'];
      }
    }
  }
}`;

const DOCS = "/databases/(default)/documents";
const auth = {
  uid: "u1",
  token: { role: "partner", partnerId: "acme", scopes: ["entries:read", "entries:write"] },
};
const documents = { [`${DOCS}/partners/acme`]: { name: "Acme", status: "active" } };
const entry = {
  type: "income",
  amountMinor: 1250,
  currency: "EUR",
  occurredAt: new Date("2026-11-20T12:00:00Z"),
  status: "posted",
  description: "Lunch service",
  category: "sales",
};
const entryPath = `${DOCS}/partners/acme/entries/e1`;

const cases: [string, RulesRequest][] = [
  ["get entry (claims + get())", { path: entryPath, method: "get", auth, resource: entry, documents }],
  [
    "create entry (validation)",
    { path: entryPath, method: "create", auth, requestResource: entry, documents },
  ],
  [
    "update entry (diff)",
    {
      path: entryPath,
      method: "update",
      auth,
      resource: entry,
      requestResource: { ...entry, status: "void" },
    },
  ],
  [
    "list entries (query judged)",
    {
      path: `${DOCS}/partners/acme/entries`,
      method: "list",
      auth,
      query: { limit: 20, where: [["status", "in", ["posted", "void"]]] },
    },
  ],
  [
    "denied: other tenant",
    { path: `${DOCS}/partners/other/entries/e1`, method: "get", auth, resource: entry, documents },
  ],
];

const rules = parseRules(RULES);
const DURATION_MS = Number(process.env.BENCH_MS ?? 1000);
let total = 0;
let totalMs = 0;
console.log(`rules-engine benchmark (${DURATION_MS} ms per case)`);
for (const [name, req] of cases) {
  const expected = name.startsWith("denied") ? false : true;
  if (rules.evaluate(req).allowed !== expected) throw new Error(`${name}: unexpected decision`);
  for (let i = 0; i < 1000; i++) rules.evaluate(req); // warm up the JIT
  let n = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < DURATION_MS) {
    for (let i = 0; i < 200; i++) rules.evaluate(req);
    n += 200;
    elapsed = performance.now() - start;
  }
  total += n;
  totalMs += elapsed;
  console.log(
    `${name.padEnd(32)} ${Math.round((n / elapsed) * 1000)
      .toLocaleString("en-US")
      .padStart(10)} evaluations/s`,
  );
}
console.log(
  `${"overall".padEnd(32)} ${Math.round((total / totalMs) * 1000)
    .toLocaleString("en-US")
    .padStart(10)} evaluations/s`,
);
