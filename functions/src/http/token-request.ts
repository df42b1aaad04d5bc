import type { Request } from "firebase-functions/v2/https";
import type { TokenRequest } from "../domain/token-exchange.js";
import { invalidClient, OAuthError } from "../oauth-error.js";
import { mediaTypeOf } from "./media-type.js";
import { MAX_BODY_BYTES } from "./request-body.js";
import { FORM_MEDIA_TYPE } from "./token-schemas.js";
// RFC 6749 §3.3: scope tokens are visible ASCII except '"' and '\', separated by single spaces.
const SCOPE = /^[\x21\x23-\x5b\x5d-\x7e]+(?: [\x21\x23-\x5b\x5d-\x7e]+)*$/;
const MAX_SCOPE_LENGTH = 512;

/**
 * Parses a token request (RFC 6749 §4.4.2) and its client authentication: HTTP Basic (§2.3.1) or
 * the form fields client_id and client_secret, never both. The body is read from the raw bytes,
 * not the runtime's parsed object, so repeated parameters are seen and refused (§3.2).
 */
export function parseTokenRequest(req: Request, requestId: string, source: string): TokenRequest {
  if (mediaTypeOf(req) !== FORM_MEDIA_TYPE) {
    throw new OAuthError("invalid_request", `Send the parameters as ${FORM_MEDIA_TYPE}.`);
  }
  const raw = req.rawBody ?? Buffer.alloc(0);
  if (raw.length > MAX_BODY_BYTES) {
    throw new OAuthError("invalid_request", `The body is over ${MAX_BODY_BYTES} bytes.`);
  }
  const form = formParameters(raw.toString("utf8"));

  const grantType = form.get("grant_type");
  if (grantType === undefined)
    throw new OAuthError("invalid_request", "The grant_type parameter is required.");
  if (grantType !== "client_credentials") {
    throw new OAuthError("unsupported_grant_type", "Only grant_type=client_credentials is supported.");
  }
  const { clientId, clientSecret } = clientAuthentication(req.get("authorization"), form);
  return { clientId, clientSecret, scopes: scopes(form.get("scope")), source, requestId };
}

/** The form's parameters; an empty one counts as absent (RFC 6749 §3.1), a repeated one is refused. */
function formParameters(body: string): Map<string, string> {
  const form = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(body)) {
    if (form.has(name)) throw new OAuthError("invalid_request", `The parameter ${name} is repeated.`);
    form.set(name, value);
  }
  for (const [name, value] of form) if (value === "") form.delete(name);
  return form;
}

function clientAuthentication(
  authorization: string | undefined,
  form: Map<string, string>,
): { clientId: string; clientSecret: string } {
  const formId = form.get("client_id");
  const formSecret = form.get("client_secret");
  if (authorization === undefined) {
    if (formId === undefined || formSecret === undefined) throw invalidClient();
    return { clientId: formId, clientSecret: formSecret };
  }
  const basic = basicCredentials(authorization);
  if (formSecret !== undefined || (formId !== undefined && formId !== basic.clientId)) {
    throw new OAuthError("invalid_request", "Authenticate the client one way: HTTP Basic or form fields.");
  }
  return basic;
}

/** HTTP Basic client authentication: both parts are form-urlencoded before base64 (RFC 6749 §2.3.1). */
function basicCredentials(header: string): { clientId: string; clientSecret: string } {
  const match = /^basic +([A-Za-z0-9+/]+={0,2}) *$/i.exec(header);
  if (!match?.[1]) throw invalidClient();
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) throw invalidClient();
  try {
    return {
      clientId: formDecode(decoded.slice(0, colon)),
      clientSecret: formDecode(decoded.slice(colon + 1)),
    };
  } catch {
    throw invalidClient();
  }
}

function formDecode(text: string): string {
  return decodeURIComponent(text.replaceAll("+", " "));
}

function scopes(scope: string | undefined): string[] | null {
  if (scope === undefined) return null;
  if (scope.length > MAX_SCOPE_LENGTH || !SCOPE.test(scope)) {
    throw new OAuthError(
      "invalid_scope",
      "The scope parameter is malformed: scopes separated by single spaces.",
    );
  }
  return scope.split(" ");
}
