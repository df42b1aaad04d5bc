// The Cloud Storage JSON API, as @google-cloud/storage and firebase-admin's getStorage() call it,
// under /, /storage/v1 and /download/storage/v1 alike:
//   GET    /b/{bucket}/o?prefix=&delimiter=&pageToken=&maxResults=     list (storage#objects)
//   GET    /b/{bucket}/o/{object}[?alt=media]                           resource, or the bytes
//   PATCH  /b/{bucket}/o/{object}                                       metadata update
//   DELETE /b/{bucket}/o/{object}
//   POST   /b/{bucket}/o/{object}/(rewriteTo|copyTo)/b/{bucket}/o/{object}
//   POST   /b/{bucket}/o/{object}/acl                                   accepted, without effect
//   POST|PUT /upload/storage/v1/b/{bucket}/o                           uploads (gcs-uploads.ts)
//   POST   /{bucket}                                                    HTML form (POST policy) upload
//   GET    /{bucket}/{object}                                           public URL download
// Google's clients send no Authorization to an emulator, so every request here has admin access
// and rules are not judged, as in firebase-tools' emulator. Errors carry the JSON API's
// `errors[].reason`; a missing object is `No such object: {bucket}/{object}`.
import type { IncomingMessage, ServerResponse } from "node:http";
import { StorageError, type StorageErrorCode } from "../errors.js";
import { OWNER } from "../rules/identity.js";
import { MAX_RESULTS } from "../store/listing.js";
import { gcsResource, parseMetadataPatch } from "../store/object-metadata.js";
import type { StorageService } from "../storage-service.js";
import type { FirebaseApiDeps } from "./firebase-api.js";
import { handleFormUpload, handleGcsUpload } from "./gcs-uploads.js";
import { sendObjectBytes } from "./object-download.js";
import { readJson } from "./request-body.js";
import { decodeSegment, notAllowed } from "./route-parts.js";
import { sendEmpty, sendJson } from "./responses.js";

const REASONS: Partial<Record<StorageErrorCode, string>> = {
  BAD_REQUEST: "invalid",
  QUOTA_EXCEEDED: "quotaExceeded",
  PERMISSION_DENIED: "forbidden",
  NOT_FOUND: "notFound",
  RANGE_NOT_SATISFIABLE: "requestedRangeNotSatisfiable",
  NOT_IMPLEMENTED: "notImplemented",
};

/** Handles every request no other API claimed; errors are answered in the JSON API's shape. */
export async function handleGcsApi(
  deps: FirebaseApiDeps,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<void> {
  try {
    await route(deps, request, response, url);
  } catch (error) {
    if (!(error instanceof StorageError)) throw error;
    request.resume();
    const close: Record<string, string> = request.complete ? {} : { connection: "close" };
    // Media errors are plain text, as the service answers a download.
    if (url.searchParams.get("alt") === "media") {
      response
        .writeHead(error.status, { ...error.headers, ...close, "content-type": "text/plain; charset=utf-8" })
        .end(error.message);
      return;
    }
    const reason = REASONS[error.code] ?? "backendError";
    const body = {
      code: error.status,
      message: error.message,
      errors: [{ message: error.message, domain: "global", reason }],
    };
    sendJson(response, error.status, { error: body }, { ...error.headers, ...close });
  }
}

async function route(
  deps: FirebaseApiDeps,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<void> {
  const method = request.method ?? "GET";
  const path = url.pathname;
  if (path.startsWith("/upload/storage/v1/b/")) return handleGcsUpload(deps, request, response, url);
  const api = /^(?:\/download)?(?:\/storage\/v1)?(\/b(?:\/.*)?)$/.exec(path)?.[1];
  if (api === undefined) return publicPaths(deps, method, request, response, url);

  const origin = `http://${request.headers.host ?? "127.0.0.1"}`;
  const objects = /^\/b\/([^/]+)\/o\/?$/.exec(api);
  if (objects) {
    if (method !== "GET") throw notAllowed(method, "GET");
    return list(deps.service, decodeSegment(objects[1] as string), response, url, origin);
  }
  const copy = /^\/b\/([^/]+)\/o\/([^/]+)\/(rewriteTo|copyTo)\/b\/([^/]+)\/o\/([^/]+)$/.exec(api);
  if (copy) {
    if (method !== "POST") throw notAllowed(method, "POST");
    if (copy[3] === "rewriteTo" && url.searchParams.has("rewriteToken")) {
      throw new StorageError("NOT_IMPLEMENTED", "Rewrites that take several requests are not implemented.");
    }
    const [source, target] = [
      { bucket: decodeSegment(copy[1] as string), name: decodeSegment(copy[2] as string) },
      { bucket: decodeSegment(copy[4] as string), name: decodeSegment(copy[5] as string) },
    ];
    const override = parseMetadataPatch(await readJson(request));
    const resource = gcsResource(await deps.service.copy(OWNER, source, target, override), origin);
    if (copy[3] === "copyTo") return sendJson(response, 200, resource);
    const size = String(resource.size);
    return sendJson(response, 200, {
      kind: "storage#rewriteResponse",
      totalBytesRewritten: size,
      objectSize: size,
      done: true,
      resource,
    });
  }
  const acl = /^\/b\/([^/]+)\/o\/([^/]+)\/acl(?:\/[^/]+)?$/.exec(api);
  if (acl)
    return objectAcl(
      deps.service,
      decodeSegment(acl[1] as string),
      decodeSegment(acl[2] as string),
      request,
      response,
      origin,
    );
  const object = /^\/b\/([^/]+)\/o\/([^/]+)$/.exec(api);
  if (object) {
    const ref = { bucket: decodeSegment(object[1] as string), name: decodeSegment(object[2] as string) };
    switch (method) {
      case "GET": {
        const stored = await deps.service.read(OWNER, ref);
        if (url.searchParams.get("alt") === "media") return sendObjectBytes(request, response, stored);
        return sendJson(response, 200, gcsResource(stored, origin));
      }
      case "PATCH": {
        const patch = parseMetadataPatch(await readJson(request));
        return sendJson(
          response,
          200,
          gcsResource(await deps.service.updateMetadata(OWNER, ref, patch), origin),
        );
      }
      case "DELETE":
        await deps.service.delete(OWNER, ref);
        return sendEmpty(response, 204);
      default:
        throw notAllowed(method, "GET, PATCH, DELETE");
    }
  }
  const bucket = /^\/b\/([^/]+)\/?$/.exec(api);
  if (bucket && method === "GET")
    return sendJson(response, 200, bucketResource(decodeSegment(bucket[1] as string), origin));
  throw new StorageError("NOT_FOUND", `No route for ${method} ${path} in this emulator.`);
}

/** Paths outside the JSON API: form uploads to /{bucket}, public downloads from /{bucket}/{object}. */
async function publicPaths(
  deps: FirebaseApiDeps,
  method: string,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<void> {
  const match = /^\/([^/]+)(?:\/(.+))?$/.exec(url.pathname);
  if (!match) throw new StorageError("NOT_FOUND", `No route for ${url.pathname}.`);
  const bucket = decodeSegment(match[1] as string);
  if (match[2] === undefined) {
    if (method !== "POST") throw notAllowed(method, "POST");
    return handleFormUpload(deps, bucket, request, response);
  }
  if (method !== "GET") throw notAllowed(method, "GET");
  const name = match[2].split("/").map(decodeSegment).join("/");
  return sendObjectBytes(request, response, await deps.service.read(OWNER, { bucket, name }));
}

async function list(
  service: StorageService,
  bucket: string,
  response: ServerResponse,
  url: URL,
  origin: string,
) {
  const params = url.searchParams;
  const maxResults = params.get("maxResults");
  const page = await service.list(OWNER, bucket, {
    prefix: params.get("prefix") ?? "",
    delimiter: params.get("delimiter") ?? "",
    ...(params.get("pageToken") ? { pageToken: params.get("pageToken") as string } : {}),
    // The service caps a page rather than refusing a larger maxResults.
    ...(maxResults === null ? {} : { maxResults: Math.min(Number(maxResults), MAX_RESULTS) }),
  });
  const items = page.items
    .map((name) => service.peek({ bucket, name }))
    .filter((object) => object !== undefined);
  sendJson(response, 200, {
    kind: "storage#objects",
    ...(page.nextPageToken === undefined ? {} : { nextPageToken: page.nextPageToken }),
    ...(page.prefixes.length === 0 ? {} : { prefixes: page.prefixes }),
    ...(items.length === 0 ? {} : { items: items.map((object) => gcsResource(object, origin)) }),
  });
}

/** ACL changes (makePublic) succeed without effect: the emulator has no per-object ACLs. */
async function objectAcl(
  service: StorageService,
  bucket: string,
  name: string,
  request: IncomingMessage,
  response: ServerResponse,
  origin: string,
): Promise<void> {
  const body = (await readJson(request)) as { entity?: unknown; role?: unknown };
  const object = await service.read(OWNER, { bucket, name });
  const entity = typeof body.entity === "string" ? body.entity : "allUsers";
  sendJson(response, 200, {
    kind: "storage#objectAccessControl",
    object: name,
    generation: String(object.generation),
    id: `${bucket}/${name}/${object.generation}/${entity}`,
    selfLink: `${origin}/storage/v1/b/${bucket}/o/${encodeURIComponent(name)}/acl/${entity}`,
    bucket,
    entity,
    role: typeof body.role === "string" ? body.role : "READER",
    etag: Buffer.from(`${object.generation}/${object.metageneration}`).toString("base64"),
  });
}

function bucketResource(bucket: string, origin: string): Record<string, unknown> {
  return {
    kind: "storage#bucket",
    id: bucket,
    name: bucket,
    selfLink: `${origin}/storage/v1/b/${bucket}`,
    projectNumber: "000000000000",
    metageneration: "1",
    location: "US",
    locationType: "multi-region",
    storageClass: "STANDARD",
    etag: "CAE=",
  };
}
