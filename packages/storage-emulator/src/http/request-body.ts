import type { IncomingMessage } from "node:http";
import { StorageError, type StorageErrorCode } from "../errors.js";

/**
 * Reads a whole request body, refusing it (with `code`) as soon as it passes `limit` bytes, so an
 * oversized upload never sits in memory.
 */
export async function readBody(
  request: IncomingMessage,
  limit: number,
  code: StorageErrorCode = "PAYLOAD_TOO_LARGE",
): Promise<Buffer> {
  const declared = Number(request.headers["content-length"] ?? 0);
  if (declared > limit) throw tooLarge(limit, code);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge(limit, code);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Multipart framing and metadata allowed on top of an upload's bytes. */
export const MULTIPART_OVERHEAD = 64 * 1024;

/** JSON bodies (metadata, rules) are small; 4 MiB is far above the service's 256 KiB rules limit. */
export const JSON_LIMIT = 4 * 1024 * 1024;

/** Reads and parses a JSON body; an empty body is `{}`. */
export async function readJson(request: IncomingMessage): Promise<unknown> {
  const text = (await readBody(request, JSON_LIMIT)).toString("utf8");
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new StorageError("BAD_REQUEST", "The request body is not valid JSON.");
  }
}

const tooLarge = (limit: number, code: StorageErrorCode) =>
  new StorageError(code, `The request body is larger than the ${limit} bytes this emulator accepts now.`);
