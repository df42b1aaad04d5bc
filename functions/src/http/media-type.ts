import type { Request } from "firebase-functions/v2/https";

/**
 * A request's media type: its Content-Type without parameters, trimmed and lower-cased (media types
 * are case-insensitive, RFC 9110 §8.3.1), or undefined when it sends none.
 */
export function mediaTypeOf(req: Request): string | undefined {
  // A header value cannot hold a line break, so `.*` reaches the end.
  return req.get("content-type")?.replace(/;.*/, "").trim().toLowerCase();
}
