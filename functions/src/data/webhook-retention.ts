import { Timestamp } from "firebase-admin/firestore";

/**
 * How long webhook events and delivery records are kept: far past the last retry (about 28 hours
 * after an event), so a partner can still read a delivery log a month back. Firestore's TTL policy
 * on `expiresAt` (firestore.indexes.json) deletes them after that.
 */
export const WEBHOOK_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

/** The TTL field of a record created at `createdAt` (RFC 3339). */
export function expiresAtFor(createdAt: string): Timestamp {
  return Timestamp.fromMillis(Date.parse(createdAt) + WEBHOOK_RETENTION_MS);
}
