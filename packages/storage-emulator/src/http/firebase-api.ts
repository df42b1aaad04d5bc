// The Firebase SDK's REST API under /v0, as @firebase/storage calls it:
//   POST   /v0/b/{bucket}/o?name=...              multipart, raw, or resumable start
//   POST   {upload URL}                            resumable chunks: upload, finalize, query, cancel
//   GET    /v0/b/{bucket}/o?prefix=&delimiter=    list
//   GET    /v0/b/{bucket}/o/{object}[?alt=media]  metadata, or the bytes (Range, download token)
//   PATCH  /v0/b/{bucket}/o/{object}              metadata update
//   DELETE /v0/b/{bucket}/o/{object}
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ByteBudget } from "../byte-budget.js";
import { assert, StorageError } from "../errors.js";
import { identify, type Identity } from "../identity.js";
import { firebaseResource, parseMetadataPatch, type StoredObject } from "../object-metadata.js";
import type { ResumableUploads, UploadSession } from "../resumable-uploads.js";
import type { ObjectRef, StorageService } from "../storage-service.js";
import { parseMultipartRelated } from "./multipart.js";
import { parseRange } from "./range.js";
import { readBody, readJson } from "./request-body.js";
import { sendEmpty, sendJson } from "./responses.js";

export interface FirebaseApiDeps {
  service: StorageService;
  uploads: ResumableUploads;
  budget: ByteBudget;
}

/** Resumable chunks must be multiples of this (the SDK sends 256 KiB multiples). */
const CHUNK_GRANULARITY = 256 * 1024;
/** Multipart framing and metadata allowed on top of the object's bytes. */
const MULTIPART_OVERHEAD = 64 * 1024;

/** Handles a request whose path starts with /v0/. */
export async function handleFirebaseApi(
  deps: FirebaseApiDeps,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<void> {
  const route = /^\/v0\/b\/([^/]+)\/o(?:\/(.+))?$/.exec(url.pathname);
  if (!route) throw new StorageError("NOT_FOUND", `No route for ${url.pathname}.`);
  const bucket = decode(route[1] as string);
  const objectName = route[2] === undefined ? undefined : decode(route[2]);
  const identity = identify(request.headers.authorization);
  const method = request.method ?? "GET";

  if (objectName === undefined) {
    if (method === "GET") return list(deps, identity, bucket, url, response);
    if (method === "POST") return upload(deps, identity, bucket, url, request, response);
    throw notAllowed(method, "GET, POST");
  }
  const ref = { bucket, name: objectName };
  switch (method) {
    case "GET":
      return url.searchParams.get("alt") === "media"
        ? download(deps, identity, ref, url, request, response)
        : sendJson(response, 200, firebaseResource(await deps.service.read(identity, ref)));
    case "PATCH": {
      const patch = parseMetadataPatch(await readJson(request));
      return sendJson(
        response,
        200,
        firebaseResource(await deps.service.updateMetadata(identity, ref, patch)),
      );
    }
    case "DELETE":
      await deps.service.delete(identity, ref);
      return sendEmpty(response, 204);
    default:
      throw notAllowed(method, "GET, PATCH, DELETE");
  }
}

async function list(
  deps: FirebaseApiDeps,
  identity: Identity,
  bucket: string,
  url: URL,
  response: ServerResponse,
): Promise<void> {
  const params = url.searchParams;
  const maxResults = params.get("maxResults");
  const page = await deps.service.list(identity, bucket, {
    prefix: params.get("prefix") ?? "",
    delimiter: params.get("delimiter") ?? "",
    ...(params.get("pageToken") ? { pageToken: params.get("pageToken") as string } : {}),
    ...(maxResults === null ? {} : { maxResults: Number(maxResults) }),
  });
  sendJson(response, 200, {
    prefixes: page.prefixes,
    items: page.items.map((name) => ({ name, bucket })),
    ...(page.nextPageToken === undefined ? {} : { nextPageToken: page.nextPageToken }),
  });
}

async function download(
  deps: FirebaseApiDeps,
  identity: Identity,
  ref: ObjectRef,
  url: URL,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const token = url.searchParams.get("token") ?? undefined;
  const object = await deps.service.read(identity, ref, token);
  const size = object.data.length;
  const range = parseRange(request.headers.range, size);
  const headers: Record<string, string> = {
    "content-type": object.contentType ?? "application/octet-stream",
    "accept-ranges": "bytes",
    etag: `"${object.md5Hash}"`,
    ...(object.contentDisposition === undefined ? {} : { "content-disposition": object.contentDisposition }),
    ...(object.contentEncoding === undefined ? {} : { "content-encoding": object.contentEncoding }),
    ...(object.contentLanguage === undefined ? {} : { "content-language": object.contentLanguage }),
    ...(object.cacheControl === undefined ? {} : { "cache-control": object.cacheControl }),
  };
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

/** The three upload protocols of POST /v0/b/{bucket}/o, plus chunks of a resumable upload. */
async function upload(
  deps: FirebaseApiDeps,
  identity: Identity,
  bucket: string,
  url: URL,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const uploadId = url.searchParams.get("upload_id");
  if (uploadId !== null) {
    return continueUpload(deps, identity, deps.uploads.get(uploadId, bucket), request, response);
  }
  const protocol = uploadProtocol(request, url);
  if (protocol === "resumable") return startUpload(deps, bucket, url, request, response);

  const body = await readBody(request, deps.budget.remaining + MULTIPART_OVERHEAD, "QUOTA_EXCEEDED");
  let name = url.searchParams.get("name") ?? undefined;
  let stored: StoredObject;
  if (protocol === "multipart") {
    const parts = parseMultipartRelated(request.headers["content-type"], body);
    const patch = parseMetadataPatch(parts.metadata);
    name ??= metadataName(parts.metadata);
    assert(name !== undefined, "BAD_REQUEST", "The upload names no object (?name= or metadata name).");
    patch.contentType ??= parts.dataContentType;
    // The data part is a view into the whole request body; the object keeps a copy of its own bytes.
    stored = await deps.service.upload(identity, { bucket, name }, Buffer.from(parts.data), patch);
  } else {
    assert(name !== undefined, "BAD_REQUEST", "The upload names no object (?name=).");
    const contentType = request.headers["content-type"];
    stored = await deps.service.upload(identity, { bucket, name }, body, {
      ...(contentType === undefined ? {} : { contentType }),
    });
  }
  sendJson(response, 200, firebaseResource(stored));
}

function uploadProtocol(request: IncomingMessage, url: URL): "multipart" | "resumable" | "raw" {
  const header = String(request.headers["x-goog-upload-protocol"] ?? "").toLowerCase();
  const uploadType = url.searchParams.get("uploadType");
  if (header === "multipart" || uploadType === "multipart") return "multipart";
  if (header === "resumable" || uploadType === "resumable") return "resumable";
  return "raw";
}

async function startUpload(
  deps: FirebaseApiDeps,
  bucket: string,
  url: URL,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const command = String(request.headers["x-goog-upload-command"] ?? "start").toLowerCase();
  assert(command === "start", "BAD_REQUEST", "A resumable upload begins with X-Goog-Upload-Command: start.");
  const metadata = await readJson(request);
  const patch = parseMetadataPatch(metadata);
  const name = url.searchParams.get("name") ?? metadataName(metadata);
  assert(name !== undefined, "BAD_REQUEST", "The upload names no object (?name= or metadata name).");
  const announcedType = request.headers["x-goog-upload-header-content-type"];
  if (typeof announcedType === "string") patch.contentType ??= announcedType;
  const announcedLength = request.headers["x-goog-upload-header-content-length"];
  const declaredSize = announcedLength === undefined ? undefined : Number(announcedLength);
  assert(
    declaredSize === undefined || (Number.isInteger(declaredSize) && declaredSize >= 0),
    "BAD_REQUEST",
    "X-Goog-Upload-Header-Content-Length must be a byte count.",
  );
  const session = deps.service.startUpload({ bucket, name }, patch, declaredSize);
  const uploadUrl = new URL(url.pathname, `http://${request.headers.host ?? "127.0.0.1"}`);
  uploadUrl.searchParams.set("name", name);
  uploadUrl.searchParams.set("upload_id", session.id);
  uploadUrl.searchParams.set("upload_protocol", "resumable");
  sendEmpty(response, 200, {
    "x-goog-upload-url": uploadUrl.toString(),
    "x-goog-upload-status": "active",
    "x-goog-upload-chunk-granularity": String(CHUNK_GRANULARITY),
    "x-guploader-uploadid": session.id,
  });
}

async function continueUpload(
  deps: FirebaseApiDeps,
  identity: Identity,
  session: UploadSession,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const commands = new Set(
    String(request.headers["x-goog-upload-command"] ?? "")
      .toLowerCase()
      .split(",")
      .map((command) => command.trim()),
  );
  if (commands.has("query")) {
    return sendEmpty(response, 200, {
      "x-goog-upload-status": "active",
      "x-goog-upload-size-received": String(session.received),
    });
  }
  if (commands.has("cancel")) {
    deps.uploads.cancel(session);
    return sendEmpty(response, 200, { "x-goog-upload-status": "cancelled" });
  }
  assert(
    commands.has("upload") || commands.has("finalize"),
    "BAD_REQUEST",
    "X-Goog-Upload-Command must be upload, finalize, query or cancel.",
  );
  if (commands.has("upload")) {
    const offset = Number(request.headers["x-goog-upload-offset"]);
    assert(
      Number.isInteger(offset) && offset >= 0,
      "BAD_REQUEST",
      "X-Goog-Upload-Offset must be a byte offset.",
    );
    const chunk = await readBody(request, deps.budget.remaining, "QUOTA_EXCEEDED");
    deps.uploads.append(session, offset, chunk);
  }
  if (!commands.has("finalize")) {
    return sendEmpty(response, 200, {
      "x-goog-upload-status": "active",
      "x-goog-upload-size-received": String(session.received),
    });
  }
  try {
    const stored = await deps.service.finalizeUpload(identity, session);
    sendJson(response, 200, firebaseResource(stored), { "x-goog-upload-status": "final" });
  } catch (error) {
    // The session is over either way; the SDK reads this header before deciding what failed.
    if (error instanceof StorageError) {
      throw new StorageError(error.code, error.message, {
        ...error.headers,
        "x-goog-upload-status": "final",
      });
    }
    throw error;
  }
}

function metadataName(metadata: unknown): string | undefined {
  const name = (metadata as { name?: unknown } | null)?.name;
  return typeof name === "string" ? name : undefined;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new StorageError("BAD_REQUEST", `The URL segment ${segment} is not valid percent-encoding.`);
  }
}

const notAllowed = (method: string, allow: string) =>
  new StorageError("METHOD_NOT_ALLOWED", `${method} is not supported here.`, { allow });
