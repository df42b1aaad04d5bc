import type { Request } from "firebase-functions/v2/https";
import { ApiError } from "../errors.js";

export const MAX_BODY_BYTES = 64 * 1024;

const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json$/i;

/**
 * The JSON body of a write. The Functions runtime has already parsed it (and answered unparsable
 * JSON with its own 400); this enforces our media type and size limits on what it parsed.
 */
export function jsonBody(req: Request): unknown {
  const size = req.rawBody?.length ?? Number(req.get("content-length") ?? 0);
  if (size > MAX_BODY_BYTES) {
    throw new ApiError("PAYLOAD_TOO_LARGE", `The body is ${size} bytes; the limit is ${MAX_BODY_BYTES}.`);
  }
  const mediaType = (req.get("content-type") ?? "").split(";", 1)[0]?.trim() ?? "";
  if (!JSON_MEDIA_TYPE.test(mediaType)) {
    throw new ApiError(
      "UNSUPPORTED_MEDIA_TYPE",
      "Send the body as JSON with Content-Type: application/json.",
    );
  }
  if (size === 0) {
    throw new ApiError("INVALID_REQUEST", "The request body is empty.", {
      errors: [{ field: "(root)", message: "a JSON object is required" }],
    });
  }
  return req.body;
}
