import { randomBytes } from "node:crypto";
import {
  mergePartnerClaims,
  type Scope,
  type PartnersRepository,
  createPartnersRepository,
} from "partner-api-functions/shared";
import { signInWithPassword } from "../../scripts/stack/seed.js";
import { STACK_TARGET } from "../../scripts/stack/stack-config.js";
import { openAdminApp, type AdminApp } from "../../scripts/support/admin-app.js";

export {
  API_BASE,
  API_ROOT,
  AUTH_EMULATOR_HOST,
  FIRESTORE_EMULATOR_HOST,
  HOSTING_ORIGIN,
  PROJECT_ID,
} from "../../scripts/stack/stack-config.js";

// firebase-admin here is opened on the stack's emulators explicitly (STACK_TARGET); the "stack" vitest
// project also sets the emulator hosts for its workers, for the CLI subprocesses the tests start.

/**
 * The functions' per-instance token and partner cache, shortened from 30 s so tests can watch a
 * revocation or suspension take effect within the bound without waiting half a minute.
 */
export const TEST_ACCESS_CACHE_SECONDS = 2;

/** A Firestore request that outlives this is answered 503; short, so fault tests stay quick. */
export const TEST_REQUEST_DEADLINE_SECONDS = 3;

/** Per partner and instance; low enough for a test to reach, high enough for the other suites. */
export const TEST_RATE_LIMIT_PER_MINUTE = 1000;

/**
 * Failed client authentications the token endpoint allows per source, per window. On the stack every
 * caller is one source (see test/support/credentials.ts), so the bound sits above what the suites that
 * run two at a time fail in one window; the suites that reach it run alone.
 */
export const TEST_TOKEN_FAILURES_PER_SOURCE = 40;

/**
 * The window those failures are counted in, shortened from a minute so a test that waits out a 429
 * waits seconds; long enough that a loaded machine still fits 40 failures into one window.
 */
export const TEST_TOKEN_FAILURE_WINDOW_SECONDS = 6;

/**
 * How often each function worker writes its usage counts and re-reads quota partners' totals: shortened
 * from 10 s so usage and quota tests wait a second, not ten.
 */
export const TEST_USAGE_FLUSH_SECONDS = 1;

/**
 * Webhook retry delays divided by 3600 (not the dev stack's 60), so the whole schedule (5 s … 10 h, about
 * 27.5 hours) passes in about half a minute and a test can keep a receiver down through all of it.
 */
export const TEST_WEBHOOK_RETRY_DELAY_DIVISOR = 3600;

/** The params the test stack gives the functions, over functions/.env. */
export const TEST_FUNCTIONS_ENV = {
  USAGE_FLUSH_SECONDS: String(TEST_USAGE_FLUSH_SECONDS),
  WEBHOOK_RETRY_DELAY_DIVISOR: String(TEST_WEBHOOK_RETRY_DELAY_DIVISOR),
  ACCESS_CACHE_SECONDS: String(TEST_ACCESS_CACHE_SECONDS),
  REQUEST_DEADLINE_SECONDS: String(TEST_REQUEST_DEADLINE_SECONDS),
  RATE_LIMIT_PER_MINUTE: String(TEST_RATE_LIMIT_PER_MINUTE),
  TOKEN_FAILURES_PER_SOURCE: String(TEST_TOKEN_FAILURES_PER_SOURCE),
  TOKEN_FAILURE_WINDOW_SECONDS: String(TEST_TOKEN_FAILURE_WINDOW_SECONDS),
  // The Storage trigger probes of functions/src/probes (test/api/storage-triggers.test.ts).
  PARTNER_API_TRIGGER_PROBES: "1",
};

let admin: AdminApp | undefined;

/** firebase-admin for tests, on the stack's emulators; one per test worker, opened on first use. */
function stackAdmin(): AdminApp {
  admin ??= openAdminApp(STACK_TARGET, "tests");
  return admin;
}

export const adminAuth = () => stackAdmin().auth;
export const adminDb = () => stackAdmin().firestore;

/** The stack's partners, through the API's own repository (the one code that knows their documents). */
export const partners = (): PartnersRepository => createPartnersRepository(adminDb());

/** How many entries a partner has in Firestore, read directly (not through the API). */
export async function entryCount(partnerId: string): Promise<number> {
  return (await adminDb().collection(`partners/${partnerId}/entries`).count().get()).data().count;
}

/** A unique id, so tests never share partners or users and need no cleanup between them. */
export function uniqueId(prefix: string): string {
  return `${prefix}-${randomBytes(5).toString("hex")}`;
}

export interface TestUser {
  uid: string;
  email: string;
  password: string;
}

/** Creates an Auth emulator user with the given custom claims. */
export async function createUser(claims: Record<string, unknown> = {}): Promise<TestUser> {
  const email = `${uniqueId("user")}@example.test`;
  const password = "correct-horse-battery";
  const { uid } = await adminAuth().createUser({ email, password });
  if (Object.keys(claims).length > 0) await adminAuth().setCustomUserClaims(uid, claims);
  return { uid, email, password };
}

/** Signs in at the Auth emulator and returns a fresh ID token, as the printed curl example does. */
export const signIn = (user: Pick<TestUser, "email" | "password">): Promise<string> =>
  signInWithPassword(user.email, user.password);

export interface PartnerSession extends TestUser {
  partnerId: string;
  token: string;
}

export interface PartnerOptions {
  scopes?: Scope[];
  status?: "active" | "suspended" | null;
  partnerId?: string;
}

/** A partner (document unless status is null) with one signed-in user holding the given scopes. */
export async function partnerSession({
  scopes = ["entries:read", "entries:write"],
  status = "active",
  partnerId = uniqueId("p"),
}: PartnerOptions = {}): Promise<PartnerSession> {
  if (status) await partners().createPartner({ id: partnerId, status });
  const user = await createUser(mergePartnerClaims({}, { role: "partner", partnerId, scopes }));
  return { ...user, partnerId, token: await signIn(user) };
}
