import { encodePageToken, timestampParts } from "partner-api-functions/shared";

/**
 * A page token for the position (time, id) in the API's own layout, so tests can name any position,
 * including times no Firestore timestamp holds (which the API must refuse with a 400).
 */
export function pageTokenAt(time: string, id: string): string {
  return encodePageToken({ createdAt: timestampParts(Date.parse(time)), id });
}
