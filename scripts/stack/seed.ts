import { runCliInProcess } from "../claims/run-in-process.js";
import { connectFirebase } from "../claims/services.js";
import { openAdminApp } from "../support/admin-app.js";
import {
  API_BASE,
  AUTH_EMULATOR_HOST,
  EMULATOR_API_KEY,
  FIRESTORE_EMULATOR_HOST,
  STACK_TARGET,
} from "./stack-config.js";

export const DEMO_PARTNER = {
  partnerId: "demo",
  email: "demo@partner.example",
  password: "demo-partner-password",
  scopes: "entries:read,entries:write",
};

const DEMO_ENTRIES = [
  {
    externalId: "pos-1001",
    type: "income",
    amountMinor: 1250,
    currency: "EUR",
    description: "Lunch service",
    category: "sales",
    occurredAt: "2026-11-20T12:00:00Z",
  },
  {
    externalId: "pos-1002",
    type: "income",
    amountMinor: 4890,
    currency: "EUR",
    description: "Dinner service",
    category: "sales",
    occurredAt: "2026-11-20T19:30:00Z",
  },
  {
    externalId: "inv-77",
    type: "expense",
    amountMinor: 2300,
    currency: "EUR",
    description: "Vegetables",
    category: "supplies",
    occurredAt: "2026-11-21T08:15:00Z",
  },
];

/**
 * Seeds the demo partner the way an admin would: a user, then the claims CLI's grant (which also
 * creates partners/demo and an audit log), then entries through the API itself. Safe to run twice.
 * Resolves to the ids of the demo entries.
 */
export async function seedDemoPartner(): Promise<string[]> {
  await ensureUser(DEMO_PARTNER.email, DEMO_PARTNER.password);
  await grantDemoPartner();
  const token = await signInWithPassword(DEMO_PARTNER.email, DEMO_PARTNER.password);
  const ids: string[] = [];
  for (const [index, entry] of DEMO_ENTRIES.entries()) {
    // Idempotency keys make a second seed replay these instead of adding duplicates.
    const response = await fetch(`${API_BASE}/entries`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
        "idempotency-key": `seed-${index}`,
      },
      body: JSON.stringify(entry),
    });
    if (response.status !== 201)
      throw new Error(`seeding an entry failed: ${response.status} ${await response.text()}`);
    ids.push(((await response.json()) as { id: string }).id);
  }
  return ids;
}

/** The demo partner system's machine credential, as `credentials create --json` prints it. */
export interface DemoClient {
  clientId: string;
  clientSecret: string;
}

/** Creates one machine credential for the demo partner; the secret is known only to this caller. */
export const seedDemoClient = (): Promise<DemoClient> =>
  createClientCredential(DEMO_PARTNER.partnerId, DEMO_PARTNER.scopes, "demo partner system");

/**
 * Creates a machine credential on the stack through the claims CLI, as an admin would (`credentials
 * create --json`, in this process); it creates partners/{partnerId} if missing.
 */
export async function createClientCredential(
  partnerId: string,
  scopes: string,
  name: string,
): Promise<DemoClient> {
  const argv = [
    "credentials",
    "create",
    "--partner",
    partnerId,
    "--scopes",
    scopes,
    "--name",
    name,
    "--json",
  ];
  const env = { FIREBASE_AUTH_EMULATOR_HOST: AUTH_EMULATOR_HOST, FIRESTORE_EMULATOR_HOST };
  const result = await runCliInProcess(connectFirebase, argv, env);
  if (result.status !== 0) {
    throw new Error(
      `creating a client credential failed (${result.status}):\n${result.stdout}\n${result.stderr}`,
    );
  }
  return JSON.parse(result.stdout) as DemoClient;
}

async function ensureUser(email: string, password: string): Promise<void> {
  const admin = openAdminApp(STACK_TARGET, "seed");
  try {
    await admin.auth
      .getUserByEmail(email)
      .catch(() => admin.auth.createUser({ email, password, displayName: "Demo partner" }));
  } finally {
    await admin.close();
  }
}

/** The claims CLI's own grant, run in this process with the stack's emulators as its whole environment. */
async function grantDemoPartner(): Promise<void> {
  const argv = [
    "grant",
    DEMO_PARTNER.email,
    "--partner",
    DEMO_PARTNER.partnerId,
    "--scopes",
    DEMO_PARTNER.scopes,
  ];
  const env = { FIREBASE_AUTH_EMULATOR_HOST: AUTH_EMULATOR_HOST, FIRESTORE_EMULATOR_HOST };
  const result = await runCliInProcess(connectFirebase, argv, env);
  if (result.status !== 0) {
    throw new Error(
      `granting the demo partner failed (${result.status}):\n${result.stdout}\n${result.stderr}`,
    );
  }
}

/** A fresh ID token from the Auth emulator, exactly as the printed curl example gets one. */
export async function signInWithPassword(email: string, password: string): Promise<string> {
  const response = await fetch(signInUrl(), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password, returnSecureToken: true }),
  });
  const body = (await response.json()) as { idToken?: string };
  if (!body.idToken) throw new Error(`sign-in at the Auth emulator failed: ${JSON.stringify(body)}`);
  return body.idToken;
}

export function signInUrl(): string {
  return `http://${AUTH_EMULATOR_HOST}/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=${EMULATOR_API_KEY}`;
}
