// The Firebase SDK's REST API under /v0, as @firebase/storage and the service serve it:
//   POST   /v0/b/{bucket}/o[/{object}][?name=]           multipart, media, or resumable start
//   POST|PUT {upload URL}                                  resumable chunks: upload, finalize, query, cancel
//   POST   /v0/b/{bucket}/o/{object}?create_token=true    adds a download token (admin)
//   POST   /v0/b/{bucket}/o/{object}?delete_token={t}     removes one (admin; the last is replaced)
//   GET    /v0/b/{bucket}/o[/]?prefix=&delimiter=         list
//   GET    /v0/b/{bucket}/o/{object}[?alt=media]          metadata, or the bytes (Range, download token)
//   PATCH  /v0/b/{bucket}/o/{object}                      metadata update (also PUT with X-HTTP-Method-Override: PATCH)
//   DELETE /v0/b/{bucket}/o/{object}
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ByteBudget } from "../store/byte-budget.js";
import { StorageError } from "../errors.js";
import { identify } from "../rules/identity.js";
import { firebaseResource, parseMetadataPatch } from "../store/object-metadata.js";
import type { ResumableUploads } from "../store/resumable-uploads.js";
import type { ObjectRef, StorageService } from "../storage-service.js";
import { handleFirebaseUpload } from "./firebase-uploads.js";
import { sendObjectBytes } from "./object-download.js";
import { readJson } from "./request-body.js";
import { decodeSegment, notAllowed } from "./route-parts.js";
import { sendEmpty, sendJson } from "./responses.js";

export interface FirebaseApiDeps {
  service: StorageService;
  uploads: ResumableUploads;
  budget: ByteBudget;
}

/** Handles a request whose path starts with /v0/. */
export async function handleFirebaseApi(
  deps: FirebaseApiDeps,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<void> {
  const route = /^\/v0\/b\/([^/]+)\/o(?:\/(.*))?$/.exec(url.pathname);
  if (!route) throw new StorageError("NOT_FOUND", `No route for ${url.pathname}.`);
  const bucket = decodeSegment(route[1] as string);
  // The collection answers with or without a trailing slash, as on the service.
  const objectName = route[2] ? decodeSegment(route[2]) : undefined;
  const method = request.method ?? "GET";
  const override = String(request.headers["x-http-method-override"] ?? "").toUpperCase();

  if (method === "POST" || (method === "PUT" && override !== "PATCH")) {
    if (
      objectName !== undefined &&
      (url.searchParams.has("create_token") || url.searchParams.has("delete_token"))
    ) {
      return changeTokens(deps, { bucket, name: objectName }, request, response, url);
    }
    return handleFirebaseUpload(deps, bucket, objectName, request, response, url);
  }
  if (objectName === undefined) {
    if (method === "GET") return list(deps, bucket, request, response, url);
    throw notAllowed(method, "GET, POST, PUT");
  }
  const ref = { bucket, name: objectName };
  const identity = () => identify(request.headers.authorization);
  switch (method) {
    case "GET": {
      const token = url.searchParams.get("token") ?? undefined;
      const object = await deps.service.read(identity(), ref, {
        ensureToken: true,
        ...(token ? { token } : {}),
      });
      if (url.searchParams.get("alt") === "media") return sendObjectBytes(request, response, object);
      return sendJson(response, 200, firebaseResource(object));
    }
    case "PUT":
    case "PATCH": {
      const patch = parseMetadataPatch(await readJson(request));
      return sendJson(
        response,
        200,
        firebaseResource(await deps.service.updateMetadata(identity(), ref, patch)),
      );
    }
    case "DELETE":
      await deps.service.delete(identity(), ref);
      return sendEmpty(response, 204);
    default:
      throw notAllowed(method, "GET, POST, PUT, PATCH, DELETE");
  }
}

async function list(
  deps: FirebaseApiDeps,
  bucket: string,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<void> {
  const params = url.searchParams;
  const maxResults = params.get("maxResults");
  const page = await deps.service.list(identify(request.headers.authorization), bucket, {
    prefix: params.get("prefix") ?? "",
    delimiter: params.get("delimiter") ?? "",
    ...(params.get("pageToken") ? { pageToken: params.get("pageToken") as string } : {}),
    ...(maxResults === null ? {} : { maxResults: Number(maxResults) }),
  });
  // A Firebase path has no empty segment, so the Firebase API leaves out the names and folders that
  // would have one (`a//b`, a placeholder `a/b/`), as the service does; the GCS API lists them.
  sendJson(response, 200, {
    prefixes: page.prefixes.filter((prefix) => isFirebasePath(prefix.replace(/\/$/, ""))),
    items: page.items.filter(isFirebasePath).map((name) => ({ name, bucket })),
    ...(page.nextPageToken === undefined ? {} : { nextPageToken: page.nextPageToken }),
  });
}

const isFirebasePath = (name: string) => name !== "" && name.replace(/^\//, "").split("/").every(Boolean);

/** `?create_token=true` or `?delete_token=`: admin-only token management, answering the metadata. */
function changeTokens(
  deps: FirebaseApiDeps,
  ref: ObjectRef,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): void {
  const identity = identify(request.headers.authorization);
  const create = url.searchParams.get("create_token");
  const remove = url.searchParams.get("delete_token");
  let object;
  if (create !== null) {
    if (create !== "true") throw new StorageError("BAD_REQUEST", "create_token must be true.");
    object = deps.service.createToken(identity, ref);
  } else {
    object = deps.service.deleteToken(identity, ref, remove ?? "");
  }
  request.resume();
  sendJson(response, 200, firebaseResource(object));
}
