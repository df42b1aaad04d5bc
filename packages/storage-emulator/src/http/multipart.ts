import { assert } from "../errors.js";

export interface MultipartUpload {
  metadata: unknown;
  data: Buffer;
  /** Content-Type of the data part, used when the metadata names none. */
  dataContentType: string | undefined;
}

/** One part of a multipart body: its headers (lower-case names) and its content. */
export interface Part {
  headers: Record<string, string>;
  content: Buffer;
}

/**
 * Parses a `multipart/related` upload: a JSON metadata part, then the object's bytes. Written here
 * because the maintained multipart parsers (busboy, formidable) handle only multipart/form-data, and
 * a two-part related body is a boundary search. The error texts are the service's ("Bad content type.").
 */
export function parseMultipartRelated(contentType: string | undefined, body: Buffer): MultipartUpload {
  assert(/^multipart\/related/i.test(contentType ?? ""), "BAD_REQUEST", "Bad content type.");
  const parts = parseMultipart(contentType, body);
  assert(parts.length === 2, "BAD_REQUEST", "A multipart upload has a metadata part and a data part.");
  const [metadataPart, dataPart] = parts as [Part, Part];
  let metadata: unknown;
  try {
    metadata = JSON.parse(metadataPart.content.toString("utf8"));
  } catch {
    assert(false, "BAD_REQUEST", "The metadata part of a multipart upload is not valid JSON.");
  }
  return { metadata, data: dataPart.content, dataContentType: dataPart.headers["content-type"] };
}

/**
 * The parts of a multipart body (RFC 2046 §5.1), any subtype; form uploads (multipart/form-data)
 * use it too, since they are the same framing and a dependency for one form would add nothing.
 */
export function parseMultipart(contentType: string | undefined, body: Buffer): Part[] {
  const boundary = /;\s*boundary=(?:"([^"]+)"|([^";\s]+))/i.exec(contentType ?? "");
  assert(
    /^multipart\//i.test(contentType ?? "") && boundary,
    "BAD_REQUEST",
    "Bad content type. A multipart body needs Content-Type: multipart/...; boundary=...",
  );
  return splitParts(body, (boundary[1] ?? boundary[2]) as string);
}

function splitParts(body: Buffer, boundary: string): Part[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Part[] = [];
  let start = body.indexOf(delimiter);
  assert(start !== -1, "BAD_REQUEST", "The multipart body does not contain its boundary.");
  for (;;) {
    const afterDelimiter = start + delimiter.length;
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString() === "--") return parts;
    const next = body.indexOf(Buffer.from(`\r\n--${boundary}`), afterDelimiter);
    assert(next !== -1, "BAD_REQUEST", "The multipart body is not terminated by its closing boundary.");
    parts.push(parsePart(body.subarray(afterDelimiter, next)));
    start = next + 2;
  }
}

function parsePart(raw: Buffer): Part {
  // The part starts with the CRLF that ends the boundary line, then headers, a blank line, content.
  const headerEnd = raw.indexOf("\r\n\r\n");
  assert(headerEnd !== -1, "BAD_REQUEST", "A multipart part has no header section.");
  const headers: Record<string, string> = {};
  for (const line of raw.subarray(0, headerEnd).toString("utf8").split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, content: raw.subarray(headerEnd + 4) };
}
