import type { Firestore } from "firebase-admin/firestore";
import {
  type Entry,
  createEntriesRepository,
  type Scope,
  createPartnersRepository,
} from "partner-api-functions/shared";
import { signInWithPassword } from "../stack/seed.js";
import { STACK_TARGET } from "../stack/stack-config.js";
import { openAdminApp, type AdminApp } from "../support/admin-app.js";

/** A partner with one signed-in user holding the given scopes, and `entries` seeded entries. */
export interface BenchPartner {
  partnerId: string;
  token: string;
  /** Ids of the seeded entries, newest first. */
  entryIds: string[];
}

// Entries per transaction: each writes the entry and its externalId claim, well inside a commit's limits.
const WRITE_BATCH = 200;

/** Admin access to the stack's emulators, for seeding; close() when done. */
export function openAdmin(): AdminApp {
  return openAdminApp(STACK_TARGET, "bench");
}

/**
 * Creates the partner, a partner user with a fresh ID token, and `count` entries, all through the API's
 * own repositories (so they are stored exactly as the API stores them), the entries many per transaction.
 */
export async function seedPartner(
  admin: AdminApp,
  partnerId: string,
  count: number,
  scopes: Scope[] = ["entries:read", "entries:write"],
): Promise<BenchPartner> {
  await createPartnersRepository(admin.firestore).createPartner({ id: partnerId, status: "active" });
  const email = `${partnerId}@bench.example`;
  const password = "bench-partner-password";
  const auth = admin.auth;
  const { uid } = await auth.createUser({ email, password });
  await auth.setCustomUserClaims(uid, {
    role: "partner",
    partnerId,
    scopes,
  });
  const entryIds = await seedEntries(admin.firestore, partnerId, count);
  return { partnerId, token: await signInWithPassword(email, password), entryIds };
}

async function seedEntries(db: Firestore, partnerId: string, count: number): Promise<string[]> {
  const repository = createEntriesRepository(db);
  const start = Date.now() - count * 1000;
  const entries = Array.from({ length: count }, (_, i): Entry => {
    const at = new Date(start + i * 1000).toISOString();
    return {
      id: `e_bench${String(i).padStart(6, "0")}`,
      partnerId,
      externalId: `pos-${i}`,
      type: i % 3 === 0 ? "expense" : "income",
      amountMinor: 100 + i,
      currency: "EUR",
      description: `Bench entry ${i}`,
      category: "sales",
      occurredAt: at,
      status: "posted",
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
  });
  for (let from = 0; from < count; from += WRITE_BATCH) {
    const chunk = entries.slice(from, from + WRITE_BATCH);
    await repository.runTransaction(async (tx) => chunk.forEach((entry) => tx.createEntry(entry)));
  }
  return entries.map(({ id }) => id).reverse();
}
