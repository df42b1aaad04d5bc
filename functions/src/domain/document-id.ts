/**
 * Whether `id` can name a Firestore document, as every id in this API's paths does: entries (auto
 * ids, or ids of their own from direct writers, as well as the API's `e_…`) and webhook endpoints. An
 * id no document can have names nothing, so the API answers it 404 without a read (and never builds a
 * path from it, which for `a/b` would name a collection).
 * Firestore's constraints: 1..1500 bytes of UTF-8, no "/", not "." or "..", not reserved `__…__`.
 */
export function isDocumentId(id: string): boolean {
  return (
    id.length > 0 &&
    Buffer.byteLength(id) <= MAX_DOCUMENT_ID_BYTES &&
    !id.includes("/") &&
    id !== "." &&
    id !== ".." &&
    !RESERVED_ID.test(id) &&
    !LONE_SURROGATE.test(id)
  );
}

export const MAX_DOCUMENT_ID_BYTES = 1500;

const RESERVED_ID = /^__.*__$/s;
// A string with a lone surrogate has no UTF-8 form, so no document can carry it as its id.
const LONE_SURROGATE = /\p{Cs}/u;
