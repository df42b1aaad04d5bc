import { StorageError } from "../errors.js";

/** A satisfiable byte range, both ends inclusive. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Parses a single-range `Range: bytes=...` header (RFC 9110 §14.1.2) against an object's size.
 * Returns undefined for no header or one this server ignores (several ranges: the whole object is
 * served, as RFC 9110 allows); throws RANGE_NOT_SATISFIABLE when no byte of the object is in range.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? "");
  if (!match || (match[1] === "" && match[2] === "")) return undefined;
  const [first, last] = [match[1] as string, match[2] as string];
  if (first === "") {
    // A suffix range: the last N bytes.
    const length = Math.min(Number(last), size);
    if (length === 0) throw unsatisfiable(size);
    return { start: size - length, end: size - 1 };
  }
  const start = Number(first);
  const end = last === "" ? size - 1 : Math.min(Number(last), size - 1);
  if (start >= size || end < start) throw unsatisfiable(size);
  return { start, end };
}

const unsatisfiable = (size: number) =>
  new StorageError("RANGE_NOT_SATISFIABLE", `The requested range is outside the object's ${size} bytes.`, {
    "content-range": `bytes */${size}`,
  });
