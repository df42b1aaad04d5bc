/** Vitest global setup: one line saying which emulator the conformance suite runs against. */
export default function notice(): void {
  if (process.env.FIRESTORE_EMULATOR_HOST === undefined) {
    console.log(
      "firestore-emulator conformance: FIRESTORE_EMULATOR_HOST unset, official-emulator run skipped",
    );
  }
}
