import * as oauth from "oauth4webapi";
import { describe, expect, it } from "vitest";
import { API_BASE, API_ROOT } from "../../scripts/stack/stack-config.js";
import { call } from "../support/http.js";
import { partnerCredential, wrongSecret } from "../support/credentials.js";

// How a partner system configures a standard OAuth 2.0 client library (oauth4webapi here) for the
// token endpoint: there is no discovery document, so the authorization server is given by hand.
const authorizationServer: oauth.AuthorizationServer = {
  issuer: API_ROOT,
  token_endpoint: `${API_BASE}/oauth/token`,
};
// The stack serves plain HTTP; production is https only, and needs no such option.
const options = () => ({ [oauth.allowInsecureRequests]: true });

async function clientCredentialsGrant(
  clientId: string,
  clientAuth: oauth.ClientAuth,
  parameters: Record<string, string> = {},
) {
  const client: oauth.Client = { client_id: clientId };
  const response = await oauth.clientCredentialsGrantRequest(
    authorizationServer,
    client,
    clientAuth,
    new URLSearchParams(parameters),
    options(),
  );
  return oauth.processClientCredentialsResponse(authorizationServer, client, response);
}

describe("the token endpoint through a standard OAuth client library (oauth4webapi)", () => {
  it("issues a token for client_secret_basic, narrowed to the scope asked for, and the API holds it to that", async () => {
    const credential = await partnerCredential();
    const token = await clientCredentialsGrant(
      credential.clientId,
      oauth.ClientSecretBasic(credential.clientSecret),
      {
        scope: "entries:read",
      },
    );
    expect(token).toMatchObject({ token_type: "bearer", expires_in: 3600, scope: "entries:read" });
    const me = await call("/me", { token: token.access_token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ partnerId: credential.partnerId, scopes: ["entries:read"] });
  });

  it("issues a token for client_secret_post", async () => {
    const credential = await partnerCredential({ scopes: ["entries:read"] });
    const token = await clientCredentialsGrant(
      credential.clientId,
      oauth.ClientSecretPost(credential.clientSecret),
    );
    expect(token.scope).toBe("entries:read");
    expect((await call("/me", { token: token.access_token })).status).toBe(200);
  });

  it("surfaces a wrong secret and a wider scope as the library's OAuth errors", async () => {
    const credential = await partnerCredential({ scopes: ["entries:read"] });
    const refused = await clientCredentialsGrant(
      credential.clientId,
      oauth.ClientSecretBasic(wrongSecret(credential.clientSecret)),
    ).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(oauth.WWWAuthenticateChallengeError);
    expect(refused).toMatchObject({
      status: 401,
      cause: [{ scheme: "basic", parameters: { realm: "partner-api" } }],
    });
    const wider = await clientCredentialsGrant(
      credential.clientId,
      oauth.ClientSecretBasic(credential.clientSecret),
      {
        scope: "entries:read entries:write",
      },
    ).catch((error: unknown) => error);
    expect(wider).toBeInstanceOf(oauth.ResponseBodyError);
    expect(wider).toMatchObject({ status: 400, error: "invalid_scope" });
  });
});
