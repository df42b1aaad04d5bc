import { ApiError } from "../errors.js";
import type { EntryCursor } from "./entries-repository.js";
import { isDocumentId, MAX_DOCUMENT_ID_BYTES } from "./document-id.js";
import { MAX_TIMESTAMP_SECONDS, MIN_TIMESTAMP_SECONDS, timestampParts } from "./timestamp-range.js";

// A page token is the position of the last entry a client saw: its creation time at Firestore's full
// precision (entries created directly carry microseconds, and one batch gives several the same
// instant) and its document id, which may be any id Firestore allows. It is binary, then base64url,
// so any id fits unescaped and clients treat it as opaque. It carries no authority: the partner
// always comes from the verified token.
//   bytes 0..7  seconds since the Unix epoch, signed big-endian
//   bytes 8..11 nanoseconds, unsigned big-endian
//   bytes 12..  the document id in UTF-8
const ID_OFFSET = 12;

/** The length of the longest token this API issues (one for the longest id Firestore allows). */
export const MAX_PAGE_TOKEN_LENGTH = Math.ceil(((ID_OFFSET + MAX_DOCUMENT_ID_BYTES) * 4) / 3);

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Where an item created at `createdAt` sits in a newest-first listing. Only for times with
 * milliseconds at most (those the API's own clock writes); entries created directly keep Firestore's
 * full precision, read from the stored timestamp.
 */
export function cursorAt(createdAt: string, id: string): EntryCursor {
  return { createdAt: timestampParts(Date.parse(createdAt)), id };
}

/** Firestore's order for `createdAt desc, __name__ desc`: document ids compare as UTF-8 bytes. */
export function newestFirst(a: EntryCursor, b: EntryCursor): number {
  const byTime =
    b.createdAt.seconds - a.createdAt.seconds || b.createdAt.nanoseconds - a.createdAt.nanoseconds;
  return byTime !== 0 ? byTime : Buffer.compare(Buffer.from(b.id), Buffer.from(a.id));
}

/** Encodes the position just after an entry in the newest-first order. */
export function encodePageToken(cursor: EntryCursor): string {
  const id = Buffer.from(cursor.id);
  const token = Buffer.alloc(ID_OFFSET + id.length);
  token.writeBigInt64BE(BigInt(cursor.createdAt.seconds), 0);
  token.writeUInt32BE(cursor.createdAt.nanoseconds, 8);
  id.copy(token, ID_OFFSET);
  return token.toString("base64url");
}

/** Decodes a client's page token, or throws a 400 naming `pageToken`. */
export function decodePageToken(token: string): EntryCursor {
  const bytes = canonicalBytes(token);
  // Stryker disable next-line EqualityOperator: a position with no id is refused anyway, as no entry's id is empty
  if (bytes && bytes.length > ID_OFFSET) {
    const seconds = Number(bytes.readBigInt64BE(0));
    const nanoseconds = bytes.readUInt32BE(8);
    const id = decodeUtf8(bytes.subarray(ID_OFFSET));
    if (
      seconds >= MIN_TIMESTAMP_SECONDS &&
      seconds <= MAX_TIMESTAMP_SECONDS &&
      nanoseconds < 1e9 &&
      id !== null &&
      isDocumentId(id)
    ) {
      return { createdAt: { seconds, nanoseconds }, id };
    }
  }
  throw malformed("The pageToken is not one this API issued.");
}

// A history page token is the last version a client saw; versions only grow, so it never moves.
// base64url of "v<n>", so clients treat it as opaque.
const VERSION_TOKEN = /^v([1-9][0-9]{0,14})$/;

/** Encodes the position just after `version` in an entry's oldest-first history. */
export function encodeVersionPageToken(version: number): string {
  return Buffer.from(`v${version}`).toString("base64url");
}

/** Decodes a client's history page token, or throws a 400 naming `pageToken`. */
export function decodeVersionPageToken(token: string): number {
  // Stryker disable next-line StringLiteral: any text but "v<n>" fails the pattern alike
  const match = VERSION_TOKEN.exec(canonicalBytes(token)?.toString("latin1") ?? "");
  if (!match?.[1]) throw malformed("The pageToken is not one this API issued for this history.");
  return Number(match[1]);
}

/** The token's bytes, or null unless it is canonical base64url (Node's decoder skips unknown characters). */
function canonicalBytes(token: string): Buffer | null {
  const bytes = Buffer.from(token, "base64url");
  return bytes.toString("base64url") === token ? bytes : null;
}

function malformed(detail: string): ApiError {
  return new ApiError("INVALID_REQUEST", detail, {
    errors: [{ field: "pageToken", message: "is malformed; pass nextPageToken back unchanged" }],
  });
}

function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}
