import { deleteApp, initializeApp, type FirebaseApp } from "firebase/app";
import { connectFirestoreEmulator, getFirestore, type Firestore } from "firebase/firestore";

/** Who a web client signs in as: a user's ID-token claims, the emulator's "owner", or nobody. */
export type WebIdentity = { uid: string; claims?: Record<string, unknown> } | "owner" | null;

const apps: FirebaseApp[] = [];

/**
 * A Firebase JS SDK client (the one partners use directly) bound to `host`. A user gets the SDK's own mock
 * ID token (unsigned, as rules-unit-testing makes them), so the emulator sees what it will see from tests.
 */
export function webClient(host: string, projectId: string, identity: WebIdentity = null): Firestore {
  const app = initializeApp({ projectId, apiKey: "fake-api-key" }, `web-${apps.length}-${Math.random()}`);
  apps.push(app);
  const db = getFirestore(app);
  const [hostname, port] = host.split(":");
  const mockUserToken =
    identity === null
      ? undefined
      : identity === "owner"
        ? "owner"
        : { ...identity.claims, sub: identity.uid, user_id: identity.uid };
  connectFirestoreEmulator(db, hostname as string, Number(port), mockUserToken ? { mockUserToken } : {});
  return db;
}

/** Deletes every web client made so far (closing their streams). */
export async function closeWebClients(): Promise<void> {
  await Promise.all(apps.splice(0).map((app) => deleteApp(app)));
}
