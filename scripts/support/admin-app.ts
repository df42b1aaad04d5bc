import { randomUUID } from "node:crypto";
import { deleteApp, initializeApp, type App } from "firebase-admin/app";
import { getAuth, type Auth } from "firebase-admin/auth";
import { getFirestore, type Firestore } from "firebase-admin/firestore";

/** Where firebase-admin sends its calls: one project, each service an emulator (host) or the cloud (null). */
export interface AdminTarget {
  projectId: string;
  authEmulatorHost: string | null;
  firestoreEmulatorHost: string | null;
}

/** A firebase-admin app bound to one target; `close()` lets the process exit. */
export interface AdminApp {
  app: App;
  auth: Auth;
  firestore: Firestore;
  close(): Promise<void>;
}

/**
 * The one way scripts and tests open firebase-admin: every endpoint comes from `target`, none from the
 * caller's environment. Each call gets an app of its own, so two targets never share a client.
 */
export function openAdminApp(target: AdminTarget, name: string): AdminApp {
  // The Firestore client lets FIRESTORE_EMULATOR_HOST override any host it is given; a different value in
  // the environment would silently redirect writes, so it is refused rather than obeyed.
  const inherited = process.env.FIRESTORE_EMULATOR_HOST?.trim() || null;
  if (inherited !== null && inherited !== target.firestoreEmulatorHost) {
    throw new Error(
      `FIRESTORE_EMULATOR_HOST=${inherited} would override Firestore at ${target.firestoreEmulatorHost ?? "the cloud"}`,
    );
  }
  const app = initializeApp({ projectId: target.projectId }, `${name}-${randomUUID()}`);
  const auth = authFor(app, target.authEmulatorHost);
  const firestore = getFirestore(app);
  if (target.firestoreEmulatorHost !== null) {
    // ssl: false also makes the client send "Bearer owner", which the emulators treat as an admin.
    firestore.settings({ host: target.firestoreEmulatorHost, ssl: false });
  }
  return { app, auth, firestore, close: () => deleteApp(app) };
}

/**
 * firebase-admin offers no option for the Auth emulator: it reads FIREBASE_AUTH_EMULATOR_HOST once, when
 * the Auth service is constructed, and keeps it for that service's life (requests, token minting and
 * verification). So the variable holds the target's value for exactly that synchronous construction and
 * is put back before anything else can run or observe it.
 */
function authFor(app: App, emulatorHost: string | null): Auth {
  const previous = process.env.FIREBASE_AUTH_EMULATOR_HOST;
  if (emulatorHost === null) delete process.env.FIREBASE_AUTH_EMULATOR_HOST;
  else process.env.FIREBASE_AUTH_EMULATOR_HOST = emulatorHost;
  try {
    return getAuth(app);
  } finally {
    if (previous === undefined) delete process.env.FIREBASE_AUTH_EMULATOR_HOST;
    else process.env.FIREBASE_AUTH_EMULATOR_HOST = previous;
  }
}
