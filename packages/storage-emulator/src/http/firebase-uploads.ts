// Uploads through the Firebase API (/v0): multipart, media, and the resumable protocol of
// X-Goog-Upload-Command (start, then upload / finalize / query / cancel on the upload URL).
import type { IncomingMessage, ServerResponse } from "node:http";
import { assert, StorageError } from "../errors.js";
import { identify } from "../rules/identity.js";
import {
  firebaseResource,
  parseMetadataPatch,
  type MetadataPatch,
  type StoredObject,
} from "../store/object-metadata.js";
import type { UploadSession } from "../store/resumable-uploads.js";
import type { FirebaseApiDeps } from "./firebase-api.js";
import { parseMultipartRelated } from "./multipart.js";
import { MULTIPART_OVERHEAD, readBody, readJson } from "./request-body.js";
import { sendEmpty, sendJson } from "./responses.js";

/** Resumable chunks must be multiples of this (the SDK sends 256 KiB multiples). */
const CHUNK_GRANULARITY = 256 * 1024;
/** Uploads through the Firebase API get a download token, and an unset disposition reads "inline". */
const FIREBASE_UPLOAD = { mintToken: true };

/** POST (or PUT) on the collection, an object, or an upload URL. */
export async function handleFirebaseUpload(
  deps: FirebaseApiDeps,
  bucket: string,
  pathName: string | undefined,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<void> {
  const uploadId = url.searchParams.get("upload_id");
  // The upload URL is the session's credential: whatever Authorization later requests carry is not read.
  if (uploadId !== null) return continueUpload(deps, deps.uploads.get(uploadId, bucket), request, response);
  const identity = identify(request.headers.authorization);
  const protocol = uploadProtocol(request, url);
  const name = pathName ?? url.searchParams.get("name") ?? undefined;
  if (protocol === "resumable") {
    const command = String(request.headers["x-goog-upload-command"] ?? "start").toLowerCase();
    assert(
      command === "start",
      "BAD_REQUEST",
      "A resumable upload begins with X-Goog-Upload-Command: start.",
    );
    const metadata = await readJson(request);
    const patch = firebasePatch(metadata);
    const objectName = name ?? metadataName(metadata);
    assert(
      objectName !== undefined,
      "BAD_REQUEST",
      "The upload names no object (path, ?name= or metadata name).",
    );
    const announcedType = request.headers["x-goog-upload-header-content-type"];
    if (typeof announcedType === "string") patch.contentType ??= announcedType;
    const session = deps.service.startUpload(
      identity,
      { bucket, name: objectName },
      patch,
      declaredSize(request.headers["x-goog-upload-header-content-length"]),
      FIREBASE_UPLOAD,
    );
    const uploadUrl = new URL(
      `/v0/b/${encodeURIComponent(bucket)}/o`,
      `http://${request.headers.host ?? "127.0.0.1"}`,
    );
    uploadUrl.searchParams.set("name", objectName);
    uploadUrl.searchParams.set("upload_id", session.id);
    uploadUrl.searchParams.set("upload_protocol", "resumable");
    return sendEmpty(response, 200, {
      "x-goog-upload-url": uploadUrl.toString(),
      "x-goog-upload-status": "active",
      "x-goog-upload-chunk-granularity": String(CHUNK_GRANULARITY),
      "x-guploader-uploadid": session.id,
    });
  }

  const body = await readBody(request, deps.budget.remaining + MULTIPART_OVERHEAD, "QUOTA_EXCEEDED");
  let stored: StoredObject;
  if (protocol === "multipart") {
    const parts = parseMultipartRelated(request.headers["content-type"], body);
    const patch = firebasePatch(parts.metadata);
    const objectName = name ?? metadataName(parts.metadata);
    assert(
      objectName !== undefined,
      "BAD_REQUEST",
      "The upload names no object (path, ?name= or metadata name).",
    );
    patch.contentType ??= parts.dataContentType;
    // The data part is a view into the whole request body; the object keeps a copy of its own bytes.
    const data = Buffer.from(parts.data);
    stored = await deps.service.upload(identity, { bucket, name: objectName }, data, patch, FIREBASE_UPLOAD);
  } else {
    assert(name !== undefined, "BAD_REQUEST", "The upload names no object (path or ?name=).");
    const contentType = request.headers["content-type"];
    const patch = firebasePatch({ ...(contentType === undefined ? {} : { contentType }) });
    stored = await deps.service.upload(identity, { bucket, name }, body, patch, FIREBASE_UPLOAD);
  }
  sendJson(response, 200, firebaseResource(stored));
}

function uploadProtocol(request: IncomingMessage, url: URL): "multipart" | "resumable" | "media" {
  const header = String(request.headers["x-goog-upload-protocol"] ?? "").toLowerCase();
  const uploadType = url.searchParams.get("uploadType");
  if (header === "multipart" || uploadType === "multipart") return "multipart";
  // The SDK may send only X-Goog-Upload-Command to mean the resumable protocol.
  if (header === "resumable" || uploadType === "resumable" || request.headers["x-goog-upload-command"]) {
    return "resumable";
  }
  return "media";
}

/** The metadata of a Firebase upload: a disposition left unset reads "inline", as on the service. */
function firebasePatch(metadata: unknown): MetadataPatch {
  const patch = parseMetadataPatch(metadata);
  if (patch.contentDisposition === undefined) patch.contentDisposition = "inline";
  return patch;
}

async function continueUpload(
  deps: FirebaseApiDeps,
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
    request.resume();
    return sendEmpty(response, 200, {
      "x-goog-upload-status": session.state,
      "x-goog-upload-size-received": String(session.received),
    });
  }
  if (commands.has("cancel")) {
    request.resume();
    deps.uploads.cancel(session);
    return sendEmpty(response, 200, { "x-goog-upload-status": "cancelled" });
  }
  assert(
    commands.has("upload") || commands.has("finalize"),
    "BAD_REQUEST",
    "X-Goog-Upload-Command must be upload, finalize, query or cancel.",
  );
  // A finalize repeated after the session ended answers as the first did, whatever it carries.
  if (commands.has("upload") && !(commands.has("finalize") && session.state === "final")) {
    const offset = Number(request.headers["x-goog-upload-offset"] ?? session.received);
    assert(
      Number.isInteger(offset) && offset >= 0,
      "BAD_REQUEST",
      "X-Goog-Upload-Offset must be a byte offset.",
    );
    assert(session.state === "active", "BAD_REQUEST", `The upload is ${session.state}, no longer active.`);
    deps.uploads.append(session, offset, await readBody(request, deps.budget.remaining, "QUOTA_EXCEEDED"));
  } else {
    request.resume();
  }
  if (!commands.has("finalize")) {
    return sendEmpty(response, 200, {
      "x-goog-upload-status": "active",
      "x-goog-upload-size-received": String(session.received),
    });
  }
  try {
    const stored = await deps.service.finalizeUpload(session);
    sendJson(response, 200, firebaseResource(stored), { "x-goog-upload-status": "final" });
  } catch (error) {
    // Once finalized the session is over, refused or not; the SDK reads this header before the status.
    if (error instanceof StorageError && session.state === "final") {
      throw new StorageError(error.code, error.message, {
        ...error.headers,
        "x-goog-upload-status": "final",
      });
    }
    throw error;
  }
}

function declaredSize(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const size = Number(header);
  assert(
    Number.isInteger(size) && size >= 0,
    "BAD_REQUEST",
    "X-Goog-Upload-Header-Content-Length must be a byte count.",
  );
  return size;
}

export function metadataName(metadata: unknown): string | undefined {
  const name = (metadata as { name?: unknown } | null)?.name;
  return typeof name === "string" ? name : undefined;
}
