import { Timestamp, type Firestore } from "firebase-admin/firestore";
import { signInWithPassword } from "../stack/seed.js";
import { STACK_TARGET } from "../stack/stack-config.js";
import { openAdminApp, type AdminApp } from "../support/admin-app.js";

/** A partner with one signed-in user holding both scopes, and `entries` seeded entries. */
export interface BenchPartner {
  partnerId: string;
  token: string;
  /** Ids of the seeded entries, newest first. */
  entryIds: string[];
}

const WRITE_BATCH = 500;

/** Admin access to the stack's emulators, for seeding; close() when done. */
export function openAdmin(): AdminApp {
  return openAdminApp(STACK_TARGET, "bench");
}

/**
 * Creates partners/{partnerId}, a partner user with a fresh ID token, and `count` entries written in
 * batches with the Admin SDK, stored in the shape the API's repository writes.
 */
export async function seedPartner(admin: AdminApp, partnerId: string, count: number): Promise<BenchPartner> {
  await admin.firestore
    .doc(`partners/${partnerId}`)
    .set({ name: partnerId, status: "active", createdAt: new Date() });
  const email = `${partnerId}@bench.example`;
  const password = "bench-partner-password";
  const auth = admin.auth;
  const { uid } = await auth.createUser({ email, password });
  await auth.setCustomUserClaims(uid, {
    role: "partner",
    partnerId,
    scopes: ["entries:read", "entries:write"],
  });
  const entryIds = await seedEntries(admin.firestore, partnerId, count);
  return { partnerId, token: await signInWithPassword(email, password), entryIds };
}

async function seedEntries(db: Firestore, partnerId: string, count: number): Promise<string[]> {
  const start = Date.now() - count * 1000;
  const ids: string[] = [];
  for (let from = 0; from < count; from += WRITE_BATCH) {
    const batch = db.batch();
    for (let i = from; i < Math.min(count, from + WRITE_BATCH); i++) {
      const id = `e_bench${String(i).padStart(6, "0")}`;
      const at = Timestamp.fromMillis(start + i * 1000);
      batch.set(db.doc(`partners/${partnerId}/entries/${id}`), {
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
      });
      ids.push(id);
    }
    await batch.commit();
  }
  return ids.reverse();
}
