// Cloud Storage for Firebase emulator in Node: the Firebase SDK's /v0 API, with storage.rules judged
// by packages/rules-engine. Test and development tooling; production runs on Google's servers.
export { createStorageEmulator, DEFAULT_MAX_BYTES } from "./emulator.js";
export type { StorageEmulator, StorageEmulatorOptions } from "./emulator.js";
export { firestoreEmulatorLookup, staticLookup } from "./rules/firestore-lookup.js";
export type { FirestoreConnection, FirestoreEmulatorAddress } from "./rules/firestore-lookup.js";
export type { DocumentLookup } from "./rules/rules-gate.js";
export type { ObjectTrigger } from "./triggers/object-triggers.js";
export { StorageError } from "./errors.js";
