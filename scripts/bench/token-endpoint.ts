import type { DemoClient } from "../stack/seed.js";
import { measure, type LoadResult } from "./load.js";

/** `POST /v1/oauth/token` at one connection count, beside the minimal handler on the same stack. */
export interface TokenEndpointRow {
  connections: number;
  tokenEndpoint: LoadResult;
  minimal: LoadResult;
  /** What the token endpoint adds over the minimal handler, in ms at p50 and p99. */
  addedP50Ms: number;
  addedP99Ms: number;
}

export interface TokenEndpointSpec {
  tokenUrl: string;
  minimalUrl: string;
  client: DemoClient;
  connections: readonly number[];
  durationSeconds: number;
}

/**
 * Every request is a full client-credentials exchange as an OAuth library sends it (HTTP Basic, form
 * body): secret check, partner status, a custom token exchanged at the Auth emulator, the issuance
 * audit record. The minimal handler gets the same request and ignores it.
 */
export async function measureTokenEndpoint(spec: TokenEndpointSpec): Promise<TokenEndpointRow[]> {
  const basic = Buffer.from(
    `${encodeURIComponent(spec.client.clientId)}:${encodeURIComponent(spec.client.clientSecret)}`,
  ).toString("base64");
  const request = {
    method: "POST" as const,
    authorization: `Basic ${basic}`,
    body: new URLSearchParams({ grant_type: "client_credentials" }),
    durationSeconds: spec.durationSeconds,
  };
  const rows: TokenEndpointRow[] = [];
  for (const connections of spec.connections) {
    const tokenEndpoint = await measure({ ...request, url: spec.tokenUrl, connections });
    const minimal = await measure({ ...request, url: spec.minimalUrl, connections });
    rows.push({
      connections,
      tokenEndpoint,
      minimal,
      addedP50Ms: round(tokenEndpoint.p50Ms - minimal.p50Ms),
      addedP99Ms: round(tokenEndpoint.p99Ms - minimal.p99Ms),
    });
  }
  return rows;
}

const round = (value: number) => Math.round(value * 10) / 10;
