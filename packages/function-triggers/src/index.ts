// How our Firestore and Storage emulators post trigger events to firebase-tools' Functions emulator.
// Test and development tooling, like the emulators that use it.
export { TriggerDelivery } from "./trigger-delivery.js";
export type { EncodedEvent, TriggerTarget } from "./trigger-delivery.js";
export { createRetryLookup } from "./trigger-retry.js";
