/**
 * The world every access-matrix case starts from: who calls (actors) and what already exists (seed).
 * Backends rebuild exactly this state before judging a case, so cases stay independent.
 */

/** A field value that stands for the request's own time (`request.time`), shifted by `offsetMs`. */
export class RequestTime {
  constructor(readonly offsetMs = 0) {}
}

/** `request.time` itself; on the emulator this becomes `serverTimestamp()`. */
export const requestTime = (offsetMs = 0): RequestTime => new RequestTime(offsetMs);

export type Value =
  string | number | boolean | null | Date | RequestTime | Value[] | { [key: string]: Value };
export type Data = { [key: string]: Value };

export interface Auth {
  readonly uid: string;
  readonly token: Readonly<Record<string, unknown>>;
}

export interface Actor {
  readonly label: string;
  readonly auth: Auth | null;
}

export const READ = "entries:read";
export const WRITE = "entries:write";

/** Unix seconds: when every actor signed in, unless its token says otherwise. */
export const AUTH_TIME = Math.floor(Date.parse("2026-11-21T07:00:00.000Z") / 1000);
/** Unix seconds: when the seeded revocation of REVOKED_UID took effect (its tokensValidAfterTime). */
export const REVOKED_AT = Math.floor(Date.parse("2026-11-21T08:00:00.000Z") / 1000);
/** A user of acme whose refresh tokens were revoked (or who was moved to another partner) at REVOKED_AT. */
export const REVOKED_UID = "u-acme-revoked";

function partnerActor(
  label: string,
  partnerId: string,
  scopes: unknown,
  extra: Record<string, unknown> = {},
  uid = `u-${label.replace(/[^a-z0-9]+/gi, "-")}`,
) {
  return {
    label,
    auth: { uid, token: { role: "partner", partnerId, scopes, auth_time: AUTH_TIME, ...extra } },
  };
}

/** Everyone who knocks. Tokens carry exactly the claims a grant (or a forgery attempt) would leave. */
export const actors = {
  anonymous: { label: "unauthenticated caller", auth: null },
  user: { label: "signed-in non-partner", auth: { uid: "u-plain", token: { email: "someone@example.com" } } },
  acme: partnerActor("acme partner", "acme", [READ, WRITE]),
  acmeReader: partnerActor("acme reader", "acme", [READ]),
  acmeWriter: partnerActor("acme writer", "acme", [WRITE]),
  acmeNoScopes: partnerActor("acme partner without scopes", "acme", []),
  acmeScopesString: partnerActor("acme partner with scopes as one string", "acme", `${READ} ${WRITE}`),
  acmeAdminRole: partnerActor("acme user with role admin", "acme", [READ, WRITE], { role: "admin" }),
  acmeNoRole: {
    label: "acme user without role",
    auth: { uid: "u-norole", token: { partnerId: "acme", scopes: [READ, WRITE] } },
  },
  // Tokens from POST /v1/oauth/token with a narrower scope: tokenScopes narrows the user's scopes.
  acmeNarrowedToRead: partnerActor("acme token narrowed to entries:read", "acme", [READ, WRITE], {
    tokenScopes: [READ],
  }),
  acmeNarrowedToWrite: partnerActor("acme token narrowed to entries:write", "acme", [READ, WRITE], {
    tokenScopes: [WRITE],
  }),
  acmeTokenScopesString: partnerActor("acme token with tokenScopes as one string", "acme", [READ, WRITE], {
    tokenScopes: READ,
  }),
  acmeWebhooks: partnerActor("acme webhooks manager", "acme", [READ, WRITE, "webhooks:manage"]),
  globex: partnerActor("globex partner", "globex", [READ, WRITE]),
  initech: partnerActor("suspended initech partner", "initech", [READ, WRITE]),
  umbrella: partnerActor("umbrella partner without partner document", "umbrella", [READ, WRITE]),
  // One user, two ID tokens: one signed in before its revocation, one after (re-granted, signed in again).
  acmeRevoked: partnerActor(
    "acme partner with a token issued before its revocation",
    "acme",
    [READ, WRITE],
    { auth_time: REVOKED_AT - 1 },
    REVOKED_UID,
  ),
  movedToGlobex: partnerActor(
    "user moved from acme to globex with a token issued after the move",
    "globex",
    [READ, WRITE],
    { auth_time: REVOKED_AT + 60 },
    REVOKED_UID,
  ),
  // Firebase allows '/' in a uid; revocations/{uid} cannot exist for one, so the rules refuse it.
  acmeSlashUid: partnerActor("acme partner whose uid has a '/'", "acme", [READ, WRITE], {}, "team/alice"),
  acmeDotDotUid: partnerActor("acme partner whose uid is '..'", "acme", [READ, WRITE], {}, ".."),
  acmeSignedInAgain: partnerActor(
    "acme partner with a token issued at its revocation or later",
    "acme",
    [READ, WRITE],
    { auth_time: REVOKED_AT },
    REVOKED_UID,
  ),
} satisfies Record<string, Actor>;

export const SEED_TIME = new Date("2026-11-01T09:00:00.000Z");
export const OCCURRED_AT = new Date("2026-11-20T12:00:00.000Z");

/** An entry with every field of the model, posted at `at` (its createdAt and updatedAt). */
export function entryData(partnerId: string, at: Date | RequestTime, extra: Data = {}): Data {
  return {
    partnerId,
    type: "income",
    amountMinor: 1250,
    currency: "EUR",
    description: "Lunch service",
    category: "sales",
    occurredAt: OCCURRED_AT,
    status: "posted",
    version: 1,
    createdAt: at,
    updatedAt: at,
    ...extra,
  };
}

/** A version of an entry's history as the API writes it (TEAM.md "Entry history"): here, its creation. */
function entryVersion(partnerId: string): Data {
  return {
    version: 1,
    action: "create",
    changes: { description: { before: null, after: "Lunch service" } },
    actor: { uid: "u-api-writer", partnerId, requestId: "req-1" },
    at: SEED_TIME,
  };
}

/** An entry as the API stores it, already posted. */
const storedEntry = (partnerId: string, extra: Data = {}): Data => entryData(partnerId, SEED_TIME, extra);

/** Firestore documents, by path relative to `/databases/(default)/documents`. */
export const seedDocuments: Readonly<Record<string, Data>> = {
  "partners/acme": { name: "Acme", status: "active", createdAt: SEED_TIME },
  "partners/globex": { name: "Globex", status: "active", createdAt: SEED_TIME },
  "partners/initech": { name: "Initech", status: "suspended", createdAt: SEED_TIME },
  "partners/acme/entries/e1": storedEntry("acme", { externalId: "pos-1" }),
  "partners/acme/externalIds/pos-1": { entryId: "e1" },
  "partners/acme/entries/e1/versions/1": entryVersion("acme"),
  // An entry whose key is missing (as entries the API wrote before it kept keys): its key stays unclaimable.
  "partners/acme/entries/e2": storedEntry("acme", { externalId: "pos-2" }),
  "partners/globex/entries/g1/versions/1": entryVersion("globex"),
  "partners/globex/entries/g1": storedEntry("globex"),
  "partners/initech/entries/i1": storedEntry("initech"),
  "partners/acme/idempotencyKeys/k1": { status: 201, body: "{}", expiresAt: SEED_TIME },
  "auditLogs/a1": { action: "claims.grant", partnerId: "acme", at: SEED_TIME },
  // Webhooks, written only by the functions (functions/src/data/webhook-*.ts): endpoints with secrets,
  // events and the delivery log.
  "partners/acme/webhooks/endpoints": {
    endpoints: [
      {
        id: "we1",
        url: "https://hooks.example.com/",
        secrets: [{ secret: "whsec_c2VjcmV0", expiresAt: null }],
      },
    ],
  },
  "partners/acme/webhookEvents/evt1": {
    type: "entry.created",
    payload: "{}",
    endpointIds: ["we1"],
    createdAt: SEED_TIME,
  },
  "partners/acme/webhooks/replays": {
    we1: { replayId: "rpl1", events: 3, attempted: 1, startedAt: "2026-11-30T09:00:00.000Z" },
  },
  "partners/acme/usage/2026-11-30": {
    requests: 3,
    byStatusClass: { "2xx": 3 },
    byRoute: { "GET /v1/entries": 3 },
  },
  "partners/acme/webhookEndpoints/we1/deliveries/dlv1": {
    eventId: "evt1",
    attempt: 1,
    status: "succeeded",
    createdAt: SEED_TIME,
  },
  [`revocations/${REVOKED_UID}`]: { revokedAt: REVOKED_AT, updatedAt: new Date(REVOKED_AT * 1000) },
};

export interface StoredObject {
  readonly size: number;
  readonly contentType: string;
}

export const BUCKET = "demo-partner-api.appspot.com";

/** Storage objects in BUCKET, by object name. */
export const seedObjects: Readonly<Record<string, StoredObject>> = {
  "partners/acme/attachments/e1/receipt.pdf": { size: 1024, contentType: "application/pdf" },
  "partners/globex/attachments/g1/receipt.pdf": { size: 1024, contentType: "application/pdf" },
  "partners/initech/attachments/i1/scan.png": { size: 2048, contentType: "image/png" },
};
