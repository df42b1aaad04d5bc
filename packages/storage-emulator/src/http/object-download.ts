import type { IncomingMessage, ServerResponse } from "node:http";
import { gunzipSync } from "node:zlib";
import { StorageError } from "../errors.js";
import type { StoredObject } from "../store/object-metadata.js";
import { parseRange } from "./range.js";

/**
 * Answers with an object's bytes, as both APIs serve them: `Range` honoured, and decompressive
 * transcoding (https://cloud.google.com/storage/docs/transcoding): an object stored with
 * `Content-Encoding: gzip` is sent gunzipped to a client that does not accept gzip, then with no
 * Content-Encoding, no Content-Length and no range (the service ignores Range when it transcodes).
 */
export function sendObjectBytes(
  request: IncomingMessage,
  response: ServerResponse,
  object: StoredObject,
): void {
  const gzipped = object.contentEncoding === "gzip";
  const transcode = gzipped && !acceptsGzip(request.headers["accept-encoding"]);
  const headers: Record<string, string> = {
    "content-type": object.contentType ?? "application/octet-stream",
    "content-disposition": `${object.contentDisposition ?? "attachment"}; filename*=${rfc5987(baseName(object.name))}`,
    "accept-ranges": "bytes",
    etag: `"${object.md5Hash}"`,
    "x-goog-generation": String(object.generation),
    "x-goog-metageneration": String(object.metageneration),
    "x-goog-storage-class": "STANDARD",
    "x-goog-hash": `crc32c=${object.crc32c},md5=${object.md5Hash}`,
    ...(object.contentLanguage === undefined ? {} : { "content-language": object.contentLanguage }),
    ...(object.cacheControl === undefined ? {} : { "cache-control": object.cacheControl }),
  };
  if (transcode) {
    response.writeHead(200, { ...headers, "x-goog-stored-content-encoding": "gzip" });
    response.end(gunzip(object.data));
    return;
  }
  if (object.contentEncoding !== undefined) headers["content-encoding"] = object.contentEncoding;
  const size = object.data.length;
  const range = parseRange(request.headers.range, size);
  if (!range) {
    response.writeHead(200, { ...headers, "content-length": String(size) }).end(object.data);
    return;
  }
  const body = object.data.subarray(range.start, range.end + 1);
  response
    .writeHead(206, {
      ...headers,
      "content-length": String(body.length),
      "content-range": `bytes ${range.start}-${range.end}/${size}`,
    })
    .end(body);
}

function acceptsGzip(header: string | undefined): boolean {
  return (header ?? "")
    .split(",")
    .some((coding) => /^\s*(gzip|\*)\s*(;\s*q=(?!0(\.0*)?\s*$).*)?$/i.test(coding));
}

function gunzip(data: Buffer): Buffer {
  try {
    return gunzipSync(data);
  } catch {
    throw new StorageError(
      "BAD_REQUEST",
      "The object is marked Content-Encoding: gzip but is not gzip data.",
    );
  }
}

const baseName = (name: string) => name.slice(name.lastIndexOf("/") + 1);

/** RFC 5987 §3.2.1 ext-value: attr-chars as they are, every other UTF-8 byte percent-encoded. */
function rfc5987(text: string): string {
  let out = "";
  for (const byte of Buffer.from(text, "utf8")) {
    const char = String.fromCharCode(byte);
    out += /[A-Za-z0-9!#$&+\-.^_`|~]/.test(char)
      ? char
      : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}
