import { createInProcessApi } from "partner-api-functions/testing";

/**
 * The OpenAPI document exactly as the API serves it at `GET /v1/openapi.json`: the real app, built in
 * this process (no emulator, no port), answers the request. The client's types and the docs site are
 * both made from this, so neither can drift from the API.
 */
export async function servedOpenApiDocument(): Promise<Record<string, unknown>> {
  const response = await createInProcessApi().request("GET", "/v1/openapi.json");
  if (response.status !== 200) throw new Error(`GET /v1/openapi.json answered ${response.status}`);
  return response.body as Record<string, unknown>;
}
