import type { Response } from "express";

/** What a route handler returns; the app writes it, so handlers never touch `res`. */
export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Overrides the media type (JSON, or problem+json for errors), e.g. for RFC 6749 error bodies. */
  contentType?: string;
}

/** Writes a JSON reply (or a problem+json one) with its headers. */
export function send(res: Response, reply: Reply): void {
  const isProblem = reply.status >= 400;
  res.status(reply.status);
  res.set(reply.headers ?? {});
  res.set("Cache-Control", "no-store");
  res.removeHeader("X-Powered-By");
  if (reply.status === 204) {
    res.end();
    return;
  }
  res.type(reply.contentType ?? (isProblem ? "application/problem+json" : "application/json"));
  // res.end rather than res.send: express would add its own weak ETag to every body.
  res.end(JSON.stringify(reply.body));
}
