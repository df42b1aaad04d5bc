import { errorFromResponse } from "./partner-api-error.js";
import type { IssuedToken } from "./token-cache.js";
import type { Transport } from "./transport.js";
import type { components } from "./generated/openapi.js";

type TokenResponse = components["schemas"]["TokenResponse"];

/** `application/x-www-form-urlencoded` as RFC 6749 §2.3.1 wants it for Basic credentials. */
const formEncode = (text: string) => encodeURIComponent(text).replaceAll("%20", "+");

/**
 * Exchanges a client id and secret for an access token at `POST /v1/oauth/token` (OAuth 2.0 client
 * credentials, HTTP Basic client authentication), through `send`, so the endpoint's 429 and 503 are
 * retried like any request. A refusal throws a PartnerApiError whose `type` is the OAuth error code.
 */
export async function requestClientCredentialsToken(
  send: Transport,
  baseUrl: string,
  clientId: string,
  clientSecret: string,
): Promise<IssuedToken> {
  const basic = btoa(`${formEncode(clientId)}:${formEncode(clientSecret)}`);
  const response = await send(
    new Request(`${baseUrl}/v1/oauth/token`, {
      method: "POST",
      headers: {
        Authorization: `Basic ${basic}`,
        "Content-Type": "application/x-www-form-urlencoded",
        Accept: "application/json",
      },
      body: "grant_type=client_credentials",
    }),
  );
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: the error says what status came back.
  }
  if (!response.ok) throw errorFromResponse(response, body);
  const token = body as TokenResponse;
  return { accessToken: token.access_token, expiresInSeconds: token.expires_in };
}
