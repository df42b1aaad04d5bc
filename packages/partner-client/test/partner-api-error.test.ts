import { describe, expect, it } from "vitest";
import { errorFromResponse, PartnerApiError } from "../src/partner-api-error.js";

const response = (status: number, headers: Record<string, string> = {}) =>
  new Response(null, { status, statusText: status === 400 ? "Bad Request" : "", headers });

describe("PartnerApiError from an answer", () => {
  it("carries a problem+json body's fields, field errors included", () => {
    const error = errorFromResponse(response(400, { "x-request-id": "req-header" }), {
      type: "urn:partner-api:problem:invalid-request",
      title: "Invalid request",
      status: 400,
      detail: "The entry is invalid.",
      requestId: "req-body",
      errors: [{ field: "amountMinor", message: "Too small" }],
    });
    expect(error).toBeInstanceOf(PartnerApiError);
    expect(error).toMatchObject({
      name: "PartnerApiError",
      status: 400,
      type: "urn:partner-api:problem:invalid-request",
      title: "Invalid request",
      detail: "The entry is invalid.",
      requestId: "req-body",
      errors: [{ field: "amountMinor", message: "Too small" }],
    });
    expect(error.message).toBe("400 Invalid request: The entry is invalid.");
  });

  it("names the OAuth error code of the token endpoint as its type", () => {
    const error = errorFromResponse(response(401, { "x-request-id": "req-1" }), {
      error: "invalid_client",
      error_description: "Client authentication failed.",
    });
    expect(error).toMatchObject({
      status: 401,
      type: "invalid_client",
      detail: "Client authentication failed.",
      requestId: "req-1",
      errors: [],
    });
  });

  it("keeps the status of an answer that is not JSON (the runtime's HTML 400)", () => {
    const error = errorFromResponse(response(400, { "x-request-id": "req-2" }), "<html>Bad Request</html>");
    expect(error).toMatchObject({
      status: 400,
      type: "about:blank",
      title: "Bad Request",
      detail: "<html>Bad Request</html>",
      requestId: "req-2",
    });
  });
});
