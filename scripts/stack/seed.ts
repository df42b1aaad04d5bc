import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { initializeApp, deleteApp } from "firebase-admin/app";
import { getAuth } from "firebase-admin/auth";
import {
  API_BASE,
  AUTH_EMULATOR_HOST,
  EMULATOR_API_KEY,
  FIRESTORE_EMULATOR_HOST,
  PROJECT_ID,
  REPO_ROOT,
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

const emulatorEnv = {
  ...process.env,
  FIREBASE_AUTH_EMULATOR_HOST: AUTH_EMULATOR_HOST,
  FIRESTORE_EMULATOR_HOST,
  METADATA_SERVER_DETECTION: "none",
};

/**
 * Seeds the demo partner the way an admin would: a user, then the claims CLI's grant (which also
 * creates partners/demo and an audit log), then entries through the API itself. Safe to run twice.
 * Resolves to the ids of the demo entries.
 */
export async function seedDemoPartner(): Promise<string[]> {
  await ensureUser(DEMO_PARTNER.email, DEMO_PARTNER.password);
  await promisify(execFile)(
    "npx",
    [
      "tsx",
      "scripts/claims/index.ts",
      "grant",
      DEMO_PARTNER.email,
      "--partner",
      DEMO_PARTNER.partnerId,
      "--scopes",
      DEMO_PARTNER.scopes,
    ],
    { cwd: REPO_ROOT, env: emulatorEnv },
  );
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

async function ensureUser(email: string, password: string): Promise<void> {
  const previous = process.env.FIREBASE_AUTH_EMULATOR_HOST;
  process.env.FIREBASE_AUTH_EMULATOR_HOST = AUTH_EMULATOR_HOST;
  const app = initializeApp({ projectId: PROJECT_ID }, "seed");
  try {
    const auth = getAuth(app);
    await auth
      .getUserByEmail(email)
      .catch(() => auth.createUser({ email, password, displayName: "Demo partner" }));
  } finally {
    await deleteApp(app);
    if (previous === undefined) delete process.env.FIREBASE_AUTH_EMULATOR_HOST;
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
