import type { Firestore } from "@google-cloud/firestore";
import type { DocumentLookup } from "./rules-gate.js";

const DEFAULT_DOCUMENTS = "/databases/(default)/documents/";

/**
 * `firestore.get()`/`firestore.exists()` through the Admin SDK's Firestore client (pointed at the
 * stack's emulator by FIRESTORE_EMULATOR_HOST, where its credentials bypass Firestore's rules, as
 * the service's own cross-service reads do).
 */
export function adminFirestoreLookup(firestore: Firestore): DocumentLookup {
  return async (path) => {
    if (!path.startsWith(DEFAULT_DOCUMENTS)) {
      throw new Error(`only the (default) database is readable from storage rules here, not ${path}`);
    }
    const snapshot = await firestore.doc(path.slice(DEFAULT_DOCUMENTS.length)).get();
    return snapshot.exists ? (snapshot.data() ?? {}) : null;
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
