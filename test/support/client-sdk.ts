import { deleteApp, initializeApp, type FirebaseApp } from "firebase/app";
import { connectFirestoreEmulator, getFirestore, type Firestore } from "firebase/firestore";
import { connectStorageEmulator, getStorage, type FirebaseStorage } from "firebase/storage";
import {
  FIRESTORE_EMULATOR_HOST,
  PROJECT_ID,
  STORAGE_BUCKET,
  STORAGE_EMULATOR_HOST,
} from "../../scripts/stack/stack-config.js";

// A partner's own code on the direct path: the Firebase JS SDK against the stack's Firestore and
// Storage, sending the given ID token (from the Auth emulator or the token endpoint), so the rules
// judge exactly what they would in production.

export interface ClientSession<Service> {
  service: Service;
  close(): Promise<void>;
}

let apps = 0;

function clientApp(): FirebaseApp {
  return initializeApp({ projectId: PROJECT_ID, storageBucket: STORAGE_BUCKET }, `client-sdk-${++apps}`);
}

const hostAndPort = (address: string) => {
  const [host = "", port] = address.split(":");
  return [host, Number(port)] as const;
};

export function firestoreAs(idToken: string): ClientSession<Firestore> {
  const app = clientApp();
  const db = getFirestore(app);
  connectFirestoreEmulator(db, ...hostAndPort(FIRESTORE_EMULATOR_HOST), { mockUserToken: idToken });
  return { service: db, close: () => deleteApp(app) };
}

export function storageAs(idToken: string): ClientSession<FirebaseStorage> {
  const app = clientApp();
  const storage = getStorage(app);
  connectStorageEmulator(storage, ...hostAndPort(STORAGE_EMULATOR_HOST), { mockUserToken: idToken });
  // Fail a denied or broken upload within the test's time rather than retrying for minutes.
  storage.maxOperationRetryTime = 2000;
  storage.maxUploadRetryTime = 2000;
  return { service: storage, close: () => deleteApp(app) };
}
