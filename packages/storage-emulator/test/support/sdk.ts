import { deleteApp, initializeApp, type FirebaseApp } from "firebase/app";
import { connectStorageEmulator, getStorage, type FirebaseStorage } from "firebase/storage";
import { createStorageEmulator, type StorageEmulator, type StorageEmulatorOptions } from "../../src/index.js";

export const PROJECT_ID = "demo-storage-emulator";
export const BUCKET = `${PROJECT_ID}.appspot.com`;

/** Claims of a caller; `sub` becomes request.auth.uid. */
export type Claims = { sub: string } & Record<string, unknown>;

/** An emulator on a free port, and Firebase JS SDK clients against it as `owner`, a user, or nobody. */
export interface TestBed {
  emulator: StorageEmulator;
  /** Base URL, e.g. http://127.0.0.1:41234 */
  origin: string;
  asOwner(): FirebaseStorage;
  as(claims: Claims): FirebaseStorage;
  anonymous(): FirebaseStorage;
  close(): Promise<void>;
}

let appCount = 0;

export async function startTestBed(options: StorageEmulatorOptions = {}): Promise<TestBed> {
  const emulator = createStorageEmulator({ port: 0, log: () => undefined, ...options });
  await emulator.start();
  const apps: FirebaseApp[] = [];
  const client = (mockUserToken?: string | Claims) => {
    const app = initializeApp({ projectId: PROJECT_ID, storageBucket: BUCKET }, `storage-test-${appCount++}`);
    apps.push(app);
    const storage = getStorage(app);
    connectStorageEmulator(storage, emulator.host, emulator.port, mockUserToken ? { mockUserToken } : {});
    // Failed requests must fail the test, not be retried for minutes.
    storage.maxOperationRetryTime = 2000;
    storage.maxUploadRetryTime = 2000;
    return storage;
  };
  return {
    emulator,
    origin: `http://${emulator.host}:${emulator.port}`,
    asOwner: () => client("owner"),
    as: (claims) => client(claims),
    anonymous: () => client(),
    close: async () => {
      await Promise.all(apps.map((app) => deleteApp(app)));
      await emulator.stop();
    },
  };
}

/** An unsigned ID token as the Auth emulator and rules-unit-testing make them. */
export function idToken(claims: Claims): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ alg: "none", typ: "JWT" })}.${part({ user_id: claims.sub, ...claims })}.`;
}

/** Rules that let anyone do anything, for tests of the protocol rather than the rules. */
export const OPEN_RULES = `rules_version = '2';
service firebase.storage {
  match /b/{bucket}/o {
    match /{allPaths=**} {
      allow read, write: if true;
    }
  }
}`;

/** `n` bytes of a repeating, position-dependent pattern, so a misplaced chunk changes the content. */
export function patternBytes(n: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (i * 31 + (i >> 8)) & 0xff);
}
