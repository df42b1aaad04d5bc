import { randomBytes } from "node:crypto";

// A caller's id is echoed only when it is a short token of safe characters, so logs and headers
// cannot be polluted with control characters or megabytes of text.
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's X-Request-Id when sane, else a fresh one. */
export function requestIdFor(callerId: string | undefined): string {
  if (callerId && SANE_REQUEST_ID.test(callerId)) return callerId;
  return `req_${randomBytes(12).toString("base64url")}`;
}
