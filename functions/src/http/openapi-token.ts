import { OAUTH_ERROR_STATUS } from "../oauth-error.js";
import { SCOPES } from "../domain/partner-claims.js";

/**
 * The token endpoint's part of the OpenAPI document. Written as JSON Schema rather than derived from
 * zod: the route parses its form body by hand (RFC 6749 refuses repeated parameters, which a schema
 * over the runtime's parsed object cannot see).
 */

const TOKEN_PATH = "/v1/oauth/token";

export const tokenSchemas = {
  TokenRequest: {
    type: "object",
    required: ["grant_type"],
    properties: {
      grant_type: { const: "client_credentials" },
      scope: {
        type: "string",
        description: `Space-separated subset of the credential's scopes (${SCOPES.join(", ")}). The token always carries all of them; \`scope\` in the answer says which.`,
      },
      client_id: { type: "string", description: "Only when not using HTTP Basic." },
      client_secret: { type: "string", description: "Only when not using HTTP Basic." },
    },
    additionalProperties: true,
  },
  TokenResponse: {
    type: "object",
    required: ["access_token", "token_type", "expires_in", "scope"],
    properties: {
      access_token: { type: "string", description: "A Firebase ID token of the credential's Auth user." },
      token_type: { const: "Bearer" },
      expires_in: { type: "integer", description: "Seconds until the token expires." },
      scope: { type: "string", description: "The scopes the token carries, space-separated." },
    },
  },
  OAuthError: {
    type: "object",
    required: ["error", "error_description"],
    properties: {
      error: { enum: Object.keys(OAUTH_ERROR_STATUS) },
      error_description: { type: "string" },
    },
  },
};

/** The security scheme that tells OAuth tooling where to get a token for the other routes. */
export const clientCredentialsScheme = {
  type: "oauth2",
  description:
    "Machine credentials: exchange a client id and secret for a Bearer token (a Firebase ID token).",
  flows: {
    clientCredentials: {
      tokenUrl: TOKEN_PATH,
      scopes: Object.fromEntries(SCOPES.map((scope) => [scope, `The ${scope} scope.`])),
    },
  },
};

const oauthError = (description: string, headers: Record<string, unknown> = {}) => ({
  description,
  headers,
  content: { "application/json": { schema: { $ref: "#/components/schemas/OAuthError" } } },
});

/** The operation of `POST /v1/oauth/token`, with its form body and RFC 6749 §5.2 errors. */
export function tokenOperation(unavailable: Record<string, unknown>): Record<string, unknown> {
  return {
    operationId: "createToken",
    description:
      "OAuth 2.0 client credentials grant (RFC 6749 §4.4). Authenticate the client with HTTP Basic " +
      "(client_id:client_secret, each form-urlencoded) or the client_id and client_secret fields. " +
      "Errors are RFC 6749 §5.2 bodies, not problem+json.",
    security: [],
    parameters: [
      {
        name: "Authorization",
        in: "header",
        required: false,
        description: "Basic base64(client_id:client_secret).",
        schema: { type: "string" },
      },
    ],
    requestBody: {
      required: true,
      content: {
        "application/x-www-form-urlencoded": { schema: { $ref: "#/components/schemas/TokenRequest" } },
      },
    },
    responses: {
      "200": {
        description: "A token; never cached (Cache-Control: no-store).",
        content: { "application/json": { schema: { $ref: "#/components/schemas/TokenResponse" } } },
      },
      "400": oauthError(
        "invalid_request, unsupported_grant_type, invalid_scope, or unauthorized_client (suspended partner).",
      ),
      "401": oauthError(
        "invalid_client: the same answer for an unknown client, a wrong secret or a revoked client.",
        {
          "WWW-Authenticate": { schema: { type: "string", const: 'Basic realm="partner-api"' } },
        },
      ),
      "429": oauthError("temporarily_unavailable: too many failed attempts for this client id or source.", {
        "Retry-After": { schema: { type: "integer" } },
      }),
      ...unavailable,
    },
  };
}
