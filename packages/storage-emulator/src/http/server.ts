import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { StorageError } from "../errors.js";
import { logs, type LogSink } from "../logs.js";
import { handleFirebaseApi, type FirebaseApiDeps } from "./firebase-api.js";
import { handleGcsApi } from "./gcs-api.js";
import { handleInternalApi, type InternalApiDeps } from "./internal-api.js";
import { sendEmpty, sendJson } from "./responses.js";
import { handleTriggerApi, type TriggerApiDeps } from "./trigger-api.js";

export type ServerDeps = FirebaseApiDeps & InternalApiDeps & TriggerApiDeps & { log: LogSink };

/** Browser SDKs call the emulator from another origin and read the upload protocol's headers. */
const CORS = {
  "access-control-allow-origin": "*",
  "access-control-expose-headers":
    "x-goog-upload-url, x-goog-upload-status, x-goog-upload-size-received, x-goog-upload-chunk-granularity, content-range, etag, location, range",
};

/** The HTTP server: /v0 (the Firebase API), /internal, and everything else the GCS JSON API; CORS; the one error boundary. */
export function createStorageServer(deps: ServerDeps): Server {
  return createServer((request, response) => {
    void route(deps, request, response).catch((error: unknown) =>
      answerError(deps, request, response, error),
    );
  });
}

async function route(deps: ServerDeps, request: IncomingMessage, response: ServerResponse): Promise<void> {
  for (const [name, value] of Object.entries(CORS)) response.setHeader(name, value);
  const url = new URL(request.url ?? "/", "http://emulator");
  if (request.method === "OPTIONS") {
    return sendEmpty(response, 204, {
      "access-control-allow-methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS",
      "access-control-allow-headers": String(request.headers["access-control-request-headers"] ?? "*"),
      "access-control-max-age": "3600",
    });
  }
  if (url.pathname === "/" && request.method === "GET") {
    response.writeHead(200, { "content-type": "text/plain" }).end("Ok");
    return;
  }
  if (url.pathname.startsWith("/v0/")) return handleFirebaseApi(deps, request, response, url);
  if (url.pathname.startsWith("/internal/")) return handleInternalApi(deps, request, response, url);
  if (url.pathname.startsWith("/emulator/")) return handleTriggerApi(deps, request, response, url);
  return handleGcsApi(deps, request, response, url);
}

/** StorageError is the answer; anything else is a fault of the emulator: logged, and a bare 500. */
function answerError(
  deps: ServerDeps,
  request: IncomingMessage,
  response: ServerResponse,
  error: unknown,
): void {
  // Unread bytes of a refused upload are drained, so the client sees the answer, not a reset socket.
  request.resume();
  if (response.headersSent) {
    logs.fault(deps.log, request.method ?? "?", request.url ?? "?", error);
    response.destroy();
    return;
  }
  if (error instanceof StorageError) {
    // A body left unread (an upload refused early) cannot be followed by another request on this socket.
    const close: Record<string, string> = request.complete ? {} : { connection: "close" };
    sendJson(response, error.status, error.toJSON(), { ...error.headers, ...close });
    return;
  }
  logs.fault(deps.log, request.method ?? "?", request.url ?? "?", error);
  sendJson(response, 500, { error: { code: 500, message: "Internal error of the storage emulator." } });
}
