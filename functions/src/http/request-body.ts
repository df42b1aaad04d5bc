import type { Request } from "firebase-functions/v2/https";
import { ApiError } from "../errors.js";
import { mediaTypeOf } from "./media-type.js";

export const MAX_BODY_BYTES = 64 * 1024;

/** The media types a write route takes; the runtime has already parsed `application/json`. */
export type BodyMediaType = "application/json" | "application/merge-patch+json";

/** A correction is a JSON merge patch (RFC 7396) of the patchable fields, so either type fits. */
export const MERGE_PATCH_MEDIA_TYPES: readonly BodyMediaType[] = [
  "application/json",
  "application/merge-patch+json",
];

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * The JSON object a write sends, checked before any schema sees it: size (413), media type (415),
 * then shape (400 for an empty body, unparsable merge-patch JSON, or anything but an object), so
 * validation only ever walks the fields of one object.
 *
 * The Functions runtime parses `application/json` itself (answering unparsable JSON with its own
 * 400); any other type reaches us as raw bytes, so `application/merge-patch+json` (RFC 7396) is
 * parsed here from `rawBody`.
 */
export function jsonObjectBody(req: Request, accepted: readonly BodyMediaType[]): Record<string, unknown> {
  const size = req.rawBody?.length ?? Number(req.get("content-length") ?? 0);
  if (size > MAX_BODY_BYTES) {
    throw new ApiError("PAYLOAD_TOO_LARGE", `The body is ${size} bytes; the limit is ${MAX_BODY_BYTES}.`);
  }
  const mediaType = mediaTypeOf(req);
  const type = accepted.find((candidate) => candidate === mediaType);
  if (!type) {
    throw new ApiError(
      "UNSUPPORTED_MEDIA_TYPE",
      `Send the body with Content-Type: ${accepted.join(" or ")}.`,
      {
        headers: accepted.includes("application/merge-patch+json")
          ? { "Accept-Patch": accepted.join(", ") }
          : {},
      },
    );
  }
  if (size === 0) throw notAnObject("The request body is empty.");
  const body = type === "application/json" ? req.body : parseJson(req.rawBody);
  if (typeof body !== "object" || body === null || Array.isArray(body) || Buffer.isBuffer(body)) {
    throw notAnObject("The request body is not a JSON object.");
  }
  return body as Record<string, unknown>;
}

function parseJson(raw: Buffer | undefined): unknown {
  try {
    return JSON.parse(utf8.decode(raw ?? new Uint8Array()));
  } catch {
    throw new ApiError("INVALID_REQUEST", "The request body is not valid JSON.", {
      errors: [{ field: "(root)", message: "is not valid UTF-8 JSON" }],
    });
  }
}

function notAnObject(detail: string): ApiError {
  return new ApiError("INVALID_REQUEST", detail, {
    errors: [{ field: "(root)", message: "a JSON object is required" }],
  });
}
