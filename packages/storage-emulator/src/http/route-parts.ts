import { StorageError } from "../errors.js";

/** A percent-decoded path segment; malformed encoding (or a lone surrogate) is 400, never a fault. */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new StorageError("BAD_REQUEST", `The URL segment ${segment} is not valid percent-encoding.`);
  }
}

export const notAllowed = (method: string, allow: string): StorageError =>
  new StorageError("METHOD_NOT_ALLOWED", `${method} is not supported here.`, { allow });
