/**
 * The instants a Firestore timestamp can hold: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z.
 * The SDK throws on anything outside, so client input is held to this range before it reaches Firestore
 * (RFC 3339 alone allows year 0000, and offsets that carry 9999-12-31 into year 10000 UTC).
 */
export const MIN_TIMESTAMP_SECONDS = -62_135_596_800;
export const MAX_TIMESTAMP_SECONDS = 253_402_300_799;

/** Whether a time in Unix milliseconds (as Date.parse gives it) fits a Firestore timestamp. */
export function isStorableInstant(ms: number): boolean {
  return ms >= MIN_TIMESTAMP_SECONDS * 1000 && ms < (MAX_TIMESTAMP_SECONDS + 1) * 1000;
}

/** A time in Unix milliseconds as a Firestore timestamp's parts (seconds, and nanoseconds into it). */
export function timestampParts(ms: number): { seconds: number; nanoseconds: number } {
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanoseconds: (ms - seconds * 1000) * 1_000_000 };
}
