import express from "express";
import type { Request } from "firebase-functions/v2/https";
import inject from "light-my-request";
import type { IncomingMessage, OutgoingHttpHeaders } from "node:http";
import type { HttpHandler } from "../http/app.js";

export interface RuntimeRequest {
  headers?: Record<string, string>;
  /**
   * An object is sent as JSON (with Content-Type: application/json unless headers say otherwise);
   * a string as UTF-8, a Buffer as its bytes.
   */
  body?: object | string | Buffer;
}

export interface TestResponse {
  status: number;
  headers: OutgoingHttpHeaders;
  /** The parsed JSON body, or the raw text when it is not JSON. */
  body: unknown;
  text: string;
}

/** Sends one request to the handler through the runtime, without binding a port. */
export type SendRequest = (method: string, path: string, request?: RuntimeRequest) => Promise<TestResponse>;

/**
 * A handler behind the body parsing of the Cloud Functions runtime (firebase-tools' functionsEmulatorRuntime, as in
 * production): JSON, text, form and raw bodies, each keeping `rawBody`; unparsable JSON is the
 * runtime's own 400, before the handler runs.
 */
export function functionsRuntime(handler: HttpHandler): SendRequest {
  const saveRawBody = (req: IncomingMessage, _res: unknown, buffer: Buffer) => {
    (req as IncomingMessage & { rawBody?: Buffer }).rawBody = buffer;
  };
  // The runtime's body-parser 1 skips a body an earlier parser read; body-parser 2 (express 5) would
  // try to read the injected request's stream again, so each parser runs only on an unread body.
  const unlessRead =
    (parser: express.RequestHandler): express.RequestHandler =>
    (req, res, next) =>
      (req as { rawBody?: Buffer }).rawBody === undefined ? parser(req, res, next) : next();
  const limit = "32mb";
  const app = express();
  app.use(unlessRead(express.json({ limit, verify: saveRawBody })));
  app.use(unlessRead(express.text({ limit, verify: saveRawBody })));
  app.use(unlessRead(express.urlencoded({ extended: true, limit, verify: saveRawBody })));
  app.use(unlessRead(express.raw({ type: "*/*", limit, verify: saveRawBody })));
  app.use((req, res) => {
    void handler(req as Request, res);
  });
  return async (method, path, { headers = {}, body } = {}) => {
    const json = typeof body === "object" && !Buffer.isBuffer(body);
    const response = await inject(app, {
      method,
      url: path,
      headers: { ...(json ? { "content-type": "application/json" } : {}), ...headers },
      ...(body === undefined ? {} : { payload: json ? JSON.stringify(body) : body }),
    });
    let parsed: unknown = response.body;
    try {
      parsed = JSON.parse(response.body);
    } catch {
      // Not JSON: the raw text is the body.
    }
    return { status: response.statusCode, headers: response.headers, body: parsed, text: response.body };
  };
}
