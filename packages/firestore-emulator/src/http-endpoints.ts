import type http from "node:http";

const CLEAR_DOCUMENTS = /^\/emulator\/v1\/projects\/([^/]+)\/databases\/([^/]+)\/documents\/?$/;

/**
 * The emulator's HTTP/1.1 endpoints that tools expect: `GET /` answers "Ok", and
 * `DELETE /emulator/v1/projects/{project}/databases/{database}/documents` drops a project's documents.
 */
export function createHttpHandler(clear: (projectId: string) => void): http.RequestListener {
  return (request, response) => {
    const path = (request.url ?? "/").split("?")[0] ?? "/";
    const match = CLEAR_DOCUMENTS.exec(path);
    if (request.method === "GET" && path === "/") {
      response.writeHead(200, { "content-type": "text/plain" }).end("Ok");
    } else if (match !== null && request.method === "DELETE") {
      clear(decodeURIComponent(match[1] as string));
      response.writeHead(200, { "content-type": "application/json" }).end("{}");
    } else if (match !== null) {
      response
        .writeHead(405, { allow: "DELETE", "content-type": "application/json" })
        .end('{"error":"Method not allowed"}');
    } else {
      response.writeHead(404, { "content-type": "application/json" }).end('{"error":"Not found"}');
    }
    request.resume();
  };
}
