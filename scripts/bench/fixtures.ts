import { deleteApp, initializeApp, type App } from "firebase-admin/app";
import { getAuth } from "firebase-admin/auth";
import { Timestamp, getFirestore, type Firestore } from "firebase-admin/firestore";
import { signInWithPassword } from "../stack/seed.js";
import { AUTH_EMULATOR_HOST, FIRESTORE_EMULATOR_HOST, PROJECT_ID } from "../stack/stack-config.js";

/** A partner with one signed-in user holding both scopes, and `entries` seeded entries. */
export interface BenchPartner {
  partnerId: string;
  token: string;
  /** Ids of the seeded entries, newest first. */
  entryIds: string[];
}

const WRITE_BATCH = 500;

/** Admin access to the stack's emulators, for seeding; close() when done. */
export function openAdmin(): { db: Firestore; app: App; close: () => Promise<void> } {
  process.env.FIREBASE_AUTH_EMULATOR_HOST = AUTH_EMULATOR_HOST;
  process.env.FIRESTORE_EMULATOR_HOST = FIRESTORE_EMULATOR_HOST;
  process.env.METADATA_SERVER_DETECTION ??= "none";
  const app = initializeApp({ projectId: PROJECT_ID }, "bench");
  return { app, db: getFirestore(app), close: () => deleteApp(app) };
}

/**
 * Creates partners/{partnerId}, a partner user with a fresh ID token, and `count` entries written in
 * batches with the Admin SDK, stored in the shape the API's repository writes.
 */
export async function seedPartner(
  admin: { db: Firestore; app: App },
  partnerId: string,
  count: number,
): Promise<BenchPartner> {
  await admin.db
    .doc(`partners/${partnerId}`)
    .set({ name: partnerId, status: "active", createdAt: new Date() });
  const email = `${partnerId}@bench.example`;
  const password = "bench-partner-password";
  const auth = getAuth(admin.app);
  const { uid } = await auth.createUser({ email, password });
  await auth.setCustomUserClaims(uid, {
    role: "partner",
    partnerId,
    scopes: ["entries:read", "entries:write"],
  });
  const entryIds = await seedEntries(admin.db, partnerId, count);
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
