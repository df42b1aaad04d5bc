import type { DemoClient } from "./seed.js";
import { API_BASE } from "./stack-config.js";

/**
 * The shell snippet `npm start` prints for machine credentials: a partner system exchanges its client
 * id and secret at the token endpoint (HTTP Basic, as OAuth libraries send them) and calls the API with
 * the access token. It runs exactly as printed.
 */
export function clientCredentialsExample({ clientId, clientSecret }: DemoClient): string {
  return `TOKEN=$(curl -s -u '${clientId}:${clientSecret}' \\
  -d grant_type=client_credentials ${API_BASE}/oauth/token \\
  | node -pe 'JSON.parse(require("fs").readFileSync(0, "utf8")).access_token')

curl -s ${API_BASE}/me -H "authorization: Bearer $TOKEN"`;
}
