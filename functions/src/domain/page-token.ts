import { z } from "zod";
import { ApiError } from "../errors.js";
import type { EntryCursor } from "./entries-repository.js";
import { instantSchema } from "./entry-schema.js";

// A page token is the position of the last entry a client saw, base64url-encoded so clients treat it
// as opaque. It carries no authority: the partner always comes from the verified token.
const cursorSchema = z.strictObject({ c: instantSchema, i: z.string().regex(/^e_[A-Za-z0-9_-]{1,64}$/) });

/** Encodes the position just after `entry` in the newest-first order. */
export function encodePageToken(cursor: EntryCursor): string {
  return Buffer.from(JSON.stringify({ c: cursor.createdAt, i: cursor.id })).toString("base64url");
}

/** Decodes a client's page token, or throws a 400 naming `pageToken`. */
export function decodePageToken(token: string): EntryCursor {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    decoded = undefined;
  }
  const parsed = cursorSchema.safeParse(decoded);
  if (!parsed.success) {
    throw new ApiError("INVALID_REQUEST", "The pageToken is not one this API issued.", {
      errors: [{ field: "pageToken", message: "is malformed; pass nextPageToken back unchanged" }],
    });
  }
  return { createdAt: parsed.data.c, id: parsed.data.i };
}
