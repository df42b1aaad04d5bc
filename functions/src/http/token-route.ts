import { exchangeClientCredentials, type TokenExchangeDeps } from "../domain/token-exchange.js";
import * as logs from "../logs.js";
import { OAuthError } from "../oauth-error.js";
import { tokenOperation } from "./openapi-token.js";
import type { Reply } from "./reply.js";
import type { Route } from "./router.js";
import type { RouteHandler } from "./routes.js";
import { parseTokenRequest } from "./token-request.js";

/**
 * `POST /v1/oauth/token`, the OAuth 2.0 client credentials grant. Its errors are RFC 6749 §5.2
 * bodies rather than problem+json; a backend failure still reaches the app's error boundary (503).
 */
export function tokenRoute(deps: TokenExchangeDeps): Route<RouteHandler> {
  return {
    method: "POST",
    path: "/v1/oauth/token",
    handler: {
      access: "public",
      doc: { operationId: "createToken", operation: tokenOperation },
      handle: async ({ req, requestId }): Promise<Reply> => {
        let clientId: string | undefined;
        try {
          const request = parseTokenRequest(req, requestId);
          clientId = request.clientId;
          const issued = await exchangeClientCredentials(deps, request);
          logs.tokenIssued({ requestId, clientId, partnerId: issued.partnerId, expiresIn: issued.expiresIn });
          return {
            status: 200,
            body: {
              access_token: issued.accessToken,
              token_type: "Bearer",
              expires_in: issued.expiresIn,
              scope: issued.scopes.join(" "),
            },
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
