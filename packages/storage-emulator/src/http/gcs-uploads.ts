// Uploads through the Cloud Storage JSON API (https://cloud.google.com/storage/docs/uploads-downloads):
//   POST /upload/storage/v1/b/{bucket}/o?uploadType=media|multipart|resumable (or X-Goog-Upload-Protocol)
//   PUT  /upload/storage/v1/b/{bucket}/o?upload_id=...   a resumable session's bytes (Content-Range)
//   POST /{bucket}                                        an HTML form upload (POST policy)
// Admin access, as the rest of the GCS API (gcs-api.ts); objects get no download token here.
import type { IncomingMessage, ServerResponse } from "node:http";
import { assert } from "../errors.js";
import { OWNER } from "../rules/identity.js";
import { gcsResource, parseMetadataPatch, type MetadataPatch } from "../store/object-metadata.js";
import type { UploadSession } from "../store/resumable-uploads.js";
import type { FirebaseApiDeps } from "./firebase-api.js";
import { metadataName } from "./firebase-uploads.js";
import { parseMultipart, parseMultipartRelated } from "./multipart.js";
import { MULTIPART_OVERHEAD, readBody, readJson } from "./request-body.js";
import { decodeSegment, notAllowed } from "./route-parts.js";
import { sendEmpty, sendJson } from "./responses.js";

const GCS_UPLOAD = { mintToken: false };

export async function handleGcsUpload(
  deps: FirebaseApiDeps,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<void> {
  const route = /^\/upload\/storage\/v1\/b\/([^/]+)\/o\/?$/.exec(url.pathname);
  assert(route, "NOT_FOUND", `No route for ${url.pathname}.`);
  const bucket = decodeSegment(route[1] as string);
  const origin = `http://${request.headers.host ?? "127.0.0.1"}`;
  const method = request.method ?? "POST";
  const uploadId = url.searchParams.get("upload_id");
  if (uploadId !== null) {
    if (method !== "PUT" && method !== "POST") throw notAllowed(method, "PUT");
    return continueUpload(deps, deps.uploads.get(uploadId, bucket), request, response, origin);
  }
  if (method !== "POST") throw notAllowed(method, "POST");
  const uploadType =
    url.searchParams.get("uploadType") ?? String(request.headers["x-goog-upload-protocol"] ?? "media");
  const announcedType = header(request, "x-upload-content-type");

  if (uploadType === "resumable") {
    const metadata = await readJson(request);
    const patch = parseMetadataPatch(metadata);
    if (announcedType !== undefined) patch.contentType ??= announcedType;
    const name = objectName(url.searchParams.get("name") ?? metadataName(metadata));
    const announcedLength = header(request, "x-upload-content-length");
    const declared = announcedLength === undefined ? undefined : Number(announcedLength);
    assert(
      declared === undefined || (Number.isInteger(declared) && declared >= 0),
      "BAD_REQUEST",
      "X-Upload-Content-Length must be a byte count.",
    );
    const session = deps.service.startUpload(OWNER, { bucket, name }, patch, declared, GCS_UPLOAD);
    const location = new URL(`/upload/storage/v1/b/${encodeURIComponent(bucket)}/o`, origin);
    location.searchParams.set("name", name);
    location.searchParams.set("uploadType", "resumable");
    location.searchParams.set("upload_id", session.id);
    return sendEmpty(response, 200, { location: location.toString(), "x-guploader-uploadid": session.id });
  }

  const body = await readBody(request, deps.budget.remaining + MULTIPART_OVERHEAD, "QUOTA_EXCEEDED");
  let patch: MetadataPatch;
  let data: Buffer;
  let name: string;
  if (uploadType === "multipart") {
    const parts = parseMultipartRelated(request.headers["content-type"], body);
    patch = parseMetadataPatch(parts.metadata);
    patch.contentType ??= announcedType ?? parts.dataContentType;
    name = objectName(url.searchParams.get("name") ?? metadataName(parts.metadata));
    // The data part is a view into the whole request body; the object keeps a copy of its own bytes.
    data = Buffer.from(parts.data);
  } else {
    assert(uploadType === "media", "BAD_REQUEST", `uploadType must be media, multipart or resumable.`);
    const contentType = header(request, "content-type");
    patch = contentType === undefined ? {} : { contentType };
    name = objectName(url.searchParams.get("name") ?? undefined);
    data = body;
  }
  const stored = await deps.service.upload(OWNER, { bucket, name }, data, patch, GCS_UPLOAD);
  sendJson(response, 200, gcsResource(stored, origin));
}

/**
 * A PUT to a session URI. Without Content-Range the body is the rest of the object and the upload
 * ends; `bytes a-b/*` adds a chunk and answers 308 with the `Range` received; `bytes a-b/N` ends
 * the upload once N bytes arrived; `bytes a-*\/N` sends the rest; `bytes *\/N` or `bytes *\/*` with
 * no body asks for the status. A session that already ended answers as it did.
 */
async function continueUpload(
  deps: FirebaseApiDeps,
  session: UploadSession,
  request: IncomingMessage,
  response: ServerResponse,
  origin: string,
): Promise<void> {
  if (session.state === "active") {
    const put = readPut(header(request, "content-range"));
    if (put.append) {
      const chunk = await readBody(request, deps.budget.remaining, "QUOTA_EXCEEDED");
      deps.uploads.append(session, put.offset ?? session.received, chunk);
    } else {
      request.resume();
    }
    if (!put.ends(session.received)) {
      return sendEmpty(
        response,
        308,
        session.received > 0 ? { range: `bytes=0-${session.received - 1}` } : {},
      );
    }
  } else {
    request.resume();
  }
  sendJson(response, 200, gcsResource(await deps.service.finalizeUpload(session), origin));
}

interface Put {
  /** Whether the body carries bytes (not a status query). */
  append: boolean;
  /** Where they start, when Content-Range says. */
  offset?: number;
  /** Whether the upload is complete once `received` bytes are in. */
  ends(received: number): boolean;
}

function readPut(contentRange: string | undefined): Put {
  if (contentRange === undefined) return { append: true, ends: () => true };
  const match = /^bytes\s+(?:(\d+)-(\d+|\*)|\*)\/(\d+|\*)$/.exec(contentRange.trim());
  assert(match, "BAD_REQUEST", "Content-Range must be bytes a-b/N, bytes a-b/*, bytes */N or bytes */*.");
  const total = match[3] === "*" ? undefined : Number(match[3]);
  const reached = (received: number) => total !== undefined && received >= total;
  if (match[1] === undefined) return { append: false, ends: reached };
  const offset = Number(match[1]);
  return { append: true, offset, ends: match[2] === "*" ? () => true : reached };
}

/** An HTML form upload: `key` names the object, `file` holds it, other fields are its metadata. */
export async function handleFormUpload(
  deps: FirebaseApiDeps,
  bucket: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  assert(
    /^multipart\/form-data/i.test(header(request, "content-type") ?? ""),
    "BAD_REQUEST",
    "Content-Type must be multipart/form-data",
  );
  const body = await readBody(request, deps.budget.remaining + MULTIPART_OVERHEAD, "QUOTA_EXCEEDED");
  const fields = new Map<string, string>();
  let file: { data: Buffer; contentType: string | undefined } | undefined;
  for (const part of parseMultipart(request.headers["content-type"], body)) {
    const disposition = part.headers["content-disposition"] ?? "";
    const field = /;\s*name="([^"]*)"/i.exec(disposition)?.[1];
    if (field === undefined) continue;
    if (field === "file" || /;\s*filename=/i.test(disposition)) {
      file = { data: Buffer.from(part.content), contentType: part.headers["content-type"] };
    } else {
      fields.set(field.toLowerCase(), part.content.toString("utf8"));
    }
  }
  const key = fields.get("key");
  assert(key !== undefined && file !== undefined, "BAD_REQUEST", "Missing 'key' or file.");
  const custom: Record<string, string> = {};
  for (const [field, value] of fields) {
    if (field.startsWith("x-goog-meta-")) custom[field.slice("x-goog-meta-".length)] = value;
  }
  const fromField = (name: string) => fields.get(name)?.trim();
  const patch = parseMetadataPatch({
    contentType: fromField("content-type") ?? file.contentType,
    cacheControl: fromField("cache-control"),
    contentDisposition: fromField("content-disposition"),
    contentEncoding: fromField("content-encoding"),
    contentLanguage: fromField("content-language"),
    metadata: custom,
  });
  await deps.service.upload(OWNER, { bucket, name: key }, file.data, patch, GCS_UPLOAD);
  sendEmpty(response, 204);
}

/** The object name of a GCS upload; a leading "/" is not part of it. */
function objectName(name: string | undefined): string {
  assert(
    name !== undefined && name !== "",
    "BAD_REQUEST",
    "The upload names no object (?name= or metadata name).",
  );
  return name.startsWith("/") ? name.slice(1) : name;
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
