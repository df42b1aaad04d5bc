import { Firestore } from "@google-cloud/firestore";
import type { DocumentLookup } from "./rules-gate.js";

const DEFAULT_DOCUMENTS = "/databases/(default)/documents/";

/** Where a Firestore emulator listens, and the project whose documents rules read. */
export interface FirestoreEmulatorAddress {
  projectId: string;
  host: string;
  port: number;
}

/** A lookup and the client behind it, to close when the emulator stops. */
export interface FirestoreConnection {
  lookup: DocumentLookup;
  close(): Promise<void>;
}

/**
 * `firestore.get()`/`firestore.exists()` against a Firestore emulator (ours or the official one),
 * read with the Admin SDK's Firestore client and the emulators' `owner` credential: the service's
 * own cross-service reads are not subject to firestore.rules either.
 */
export function firestoreEmulatorLookup({
  projectId,
  host,
  port,
}: FirestoreEmulatorAddress): FirestoreConnection {
  const firestore = new Firestore({
    projectId,
    host,
    port,
    ssl: false,
    customHeaders: { Authorization: "Bearer owner" },
    // A known universe spares google-auth its probe of a cloud metadata server (a warning off cloud).
    universeDomain: "googleapis.com",
  });
  return {
    lookup: async (path) => {
      if (!path.startsWith(DEFAULT_DOCUMENTS)) {
        throw new Error(`only the (default) database is readable from storage rules here, not ${path}`);
      }
      const snapshot = await firestore.doc(path.slice(DEFAULT_DOCUMENTS.length)).get();
      return snapshot.exists ? (snapshot.data() ?? {}) : null;
    },
    close: () => firestore.terminate(),
  };
}

/** Documents from a fixed map keyed by absolute path, for tests and for running without Firestore. */
export function staticLookup(documents: Readonly<Record<string, Record<string, unknown>>>): DocumentLookup {
  return async (path) => documents[path] ?? null;
}

/** The lookup when none is configured: rules that read Firestore fail loudly (503), never silently. */
export const noFirestore: DocumentLookup = async (path) => {
  throw new Error(`no Firestore is configured for the storage emulator (rules read ${path})`);
};
