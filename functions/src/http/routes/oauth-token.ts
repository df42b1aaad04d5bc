import {
  exchangeClientCredentials,
  type TokenExchangeDeps,
} from "../../domain/credentials/token-exchange.js";
import * as logs from "../../logs.js";
import { OAuthError } from "../../oauth-error.js";
import type { ClientAddress } from "../client-address.js";
import type { Reply } from "../reply.js";
import type { Route } from "../router.js";
import type { RouteHandler } from "../route.js";
import { parseTokenRequest } from "../token-request.js";
import {
  FORM_MEDIA_TYPE,
  TOKEN_PATH,
  tokenRequestSchema,
  tokenResponseSchema,
  type TokenResponse,
} from "../token-schemas.js";

/**
 * `POST /v1/oauth/token`, the OAuth 2.0 client credentials grant. Its errors are RFC 6749 §5.2
 * bodies rather than problem+json; a backend failure still reaches the app's error boundary (503).
 */
export function tokenRoute(deps: TokenExchangeDeps, clientAddress: ClientAddress): Route<RouteHandler> {
  return {
    method: "POST",
    path: TOKEN_PATH,
    handler: {
      access: "public",
      doc: {
        operationId: "createToken",
        summary: "Get an access token",
        description:
          "OAuth 2.0 client credentials grant (RFC 6749 §4.4). Authenticate the client with HTTP Basic " +
          "(client_id:client_secret, each form-urlencoded) or the client_id and client_secret fields. " +
          "Errors are RFC 6749 §5.2 bodies, not problem+json, except a backend outage (503). The same " +
          "invalid_client answers an unknown client, a wrong secret and a revoked client; " +
          "unauthorized_client a suspended partner; temporarily_unavailable too many failed attempts " +
          "from this source.",
        headers: [
          {
            name: "Authorization",
            description: "Basic base64(client_id:client_secret).",
            schema: { type: "string" },
          },
        ],
        form: { schema: tokenRequestSchema, mediaTypes: [FORM_MEDIA_TYPE] },
        success: {
          status: 200,
          description: "A token; never cached.",
          schema: tokenResponseSchema,
          headers: { "Cache-Control": "no-store", Pragma: "no-cache" },
        },
        errors: ["UNAVAILABLE"],
        oauthErrors: [
          "invalid_request",
          "invalid_client",
          "unauthorized_client",
          "unsupported_grant_type",
          "invalid_scope",
          "temporarily_unavailable",
        ],
      },
      handle: async ({ req, requestId }): Promise<Reply> => {
        let clientId: string | undefined;
        try {
          const request = parseTokenRequest(req, requestId, clientAddress(req));
          clientId = request.clientId;
          const issued = await exchangeClientCredentials(deps, request);
          logs.tokenIssued({ requestId, clientId, partnerId: issued.partnerId, expiresIn: issued.expiresIn });
          const body: TokenResponse = {
            access_token: issued.accessToken,
            token_type: "Bearer",
            expires_in: issued.expiresIn,
            scope: issued.scopes.join(" "),
          };
          return {
            status: 200,
            body,
            // RFC 6749 §5.1: no cache may keep a token (the app adds Cache-Control: no-store).
            headers: { Pragma: "no-cache" },
          };
        } catch (error) {
          if (!(error instanceof OAuthError)) throw error;
          logs.tokenRefused({ requestId, clientId, error: error.code });
          return {
            status: error.status,
            body: error.toJSON(),
            headers: error.headers,
            contentType: "application/json",
          };
        }
      },
    },
  };
}
