import { z } from "zod";
import { SCOPES } from "../domain/access/partner-claims.js";
import { OAUTH_ERROR_STATUS, type OAuthErrorCode } from "../oauth-error.js";

/**
 * The token endpoint's wire shapes (RFC 6749 §4.4), for its route and the OpenAPI document. The request
 * schema documents the form; the route parses the raw form by hand, because RFC 6749 refuses repeated
 * parameters and names a different error for each fault, which a schema over a parsed object cannot.
 */

export const TOKEN_PATH = "/v1/oauth/token";

/** The one body type of a token request (RFC 6749 §4.4.2). */
export const FORM_MEDIA_TYPE = "application/x-www-form-urlencoded";

export const tokenRequestSchema = z.looseObject({
  grant_type: z.literal("client_credentials"),
  scope: z
    .string()
    .optional()
    .describe(
      `Space-separated subset of the credential's scopes (${SCOPES.join(", ")}). The token always ` +
        "carries all of them; `scope` in the answer says which.",
    ),
  client_id: z.string().optional().describe("Only when not using HTTP Basic."),
  client_secret: z.string().optional().describe("Only when not using HTTP Basic."),
});

export const tokenResponseSchema = z.object({
  access_token: z.string().describe("A Firebase ID token of the credential's Auth user."),
  token_type: z.literal("Bearer"),
  expires_in: z.int().describe("Seconds until the token expires."),
  scope: z.string().describe("The scopes the token carries, space-separated."),
});
export type TokenResponse = z.infer<typeof tokenResponseSchema>;

export const oauthErrorSchema = z.object({
  error: z.enum(Object.keys(OAUTH_ERROR_STATUS) as [OAuthErrorCode, ...OAuthErrorCode[]]),
  error_description: z.string(),
});
