/**
 * A curl and a TypeScript example beside every operation of the reference (Redoc's `x-codeSamples`),
 * written from the OpenAPI document itself: the method, the path with a realistic id, the body from the
 * request schema's example, the query from its parameters. Operations the typed client covers show the
 * client's call; the others show fetch. Made at build time, so they cannot drift from the API.
 */

interface Operation {
  operationId: string;
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
  "x-codeSamples"?: CodeSample[];
}

interface CodeSample {
  lang: string;
  label: string;
  source: string;
}

interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { example?: unknown }> };
}

// Ids as the API issues them, for the path parameters of each resource.
const PATH_IDS: [RegExp, string][] = [
  [/^\/v1\/entries\//, "e_q3Zt8VnLw2Kp4Rx7"],
  [/^\/v1\/events\//, "evt_9fQm2Lx0TqWcJ4sV1bYk3A"],
  [/^\/v1\/webhook-endpoints\//, "we_Yb1x2Q0ZK4m8c7vT5pLr9w"],
];

// Query strings worth showing (the rest are optional and shown in the parameter list).
const QUERIES: Record<string, string> = {
  listEntries: "?limit=20",
  listEvents: "?type=entry.created&createdAfter=2026-11-20T00:00:00Z&limit=100",
  getUsage: "?from=2026-11-01&to=2026-11-30",
};

const CLIENT_SETUP = `import { PartnerClient } from "@partner-api/client";

const client = new PartnerClient({ baseUrl: BASE, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
`;

/** The typed client's call for an operation, given its body example and path id; null: no client method. */
function clientCall(operationId: string, body: unknown, id: string): string | null {
  const json = (value: unknown) => JSON.stringify(value, null, 2).replace(/\n/g, "\n  ");
  switch (operationId) {
    case "createToken":
      return "// The client exchanges the credential at /v1/oauth/token and caches the token.\nconsole.log(await client.me());";
    case "getMe":
      return "const me = await client.me();";
    case "listEntries":
      return "const page = await client.entries.page({ limit: 20 });\n// or: for await (const entry of client.entries.list()) { … }";
    case "createEntry":
      return `const entry = await client.entries.create(\n  ${json(body)},\n  { idempotencyKey: crypto.randomUUID() },\n);`;
    case "getEntry":
      return `const entry = await client.entries.get("${id}");`;
    case "updateEntry":
      return `const entry = await client.entries.update("${id}", ${JSON.stringify(body)}, { ifMatch: 1 });`;
    case "listEvents":
      return 'const page = await client.events.page({ type: "entry.created", createdAfter: "2026-11-20T00:00:00Z" });\n// or: for await (const event of client.events.list({ createdAfter })) { … }';
    case "getEvent":
      return `const event = await client.events.get("${id}");`;
    case "getUsage":
      return 'const { data, quota } = await client.usage.get({ from: "2026-11-01", to: "2026-11-30" });';
    default:
      return null;
  }
}

/** The document with `x-codeSamples` on every operation; `origin` is where the reader calls the API. */
export function withCodeSamples<T>(document: T, origin: string): T {
  const doc = document as unknown as Document;
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const id = PATH_IDS.find(([pattern]) => pattern.test(path))?.[1] ?? "";
      const concretePath = path.replace(/\{[^}]+\}/, id) + (QUERIES[operation.operationId] ?? "");
      const content = Object.values(operation.requestBody?.content ?? {})[0];
      const ref = content?.schema.$ref?.split("/").at(-1);
      const body = ref ? doc.components.schemas[ref]?.example : undefined;
      operation["x-codeSamples"] = [
        {
          lang: "Shell",
          label: "curl",
          source: curl(method.toUpperCase(), concretePath, operation, body, origin),
        },
        typescript(method.toUpperCase(), concretePath, operation, body, id),
      ];
    }
  }
  return document;
}

function curl(method: string, path: string, operation: Operation, body: unknown, origin: string): string {
  const url = `"${origin}${path}"`;
  if (operation.operationId === "createToken") {
    return `curl -u "$CLIENT_ID:$CLIENT_SECRET" -d grant_type=client_credentials \\\n  ${url}`;
  }
  const lines = [`curl${method === "GET" ? "" : ` -X ${method}`} ${url}`];
  const isPublic = operation.operationId === "getHealth" || operation.operationId === "getOpenApiDocument";
  if (!isPublic) lines.push('-H "authorization: Bearer $TOKEN"');
  if (operation.operationId === "createEntry") lines.push('-H "idempotency-key: $(uuidgen)"');
  if (body !== undefined) {
    lines.push("-H 'content-type: application/json'", `-d '${JSON.stringify(body)}'`);
  }
  return lines.join(" \\\n  ");
}

function typescript(
  method: string,
  path: string,
  operation: Operation,
  body: unknown,
  id: string,
): CodeSample {
  const call = clientCall(operation.operationId, body, id);
  if (call !== null) return { lang: "TypeScript", label: "@partner-api/client", source: CLIENT_SETUP + call };
  const init = [
    `method: "${method}"`,
    "headers: { authorization: `Bearer ${TOKEN}`" +
      (body === undefined ? " }" : ', "content-type": "application/json" }'),
    ...(body === undefined ? [] : [`body: JSON.stringify(${JSON.stringify(body)})`]),
  ];
  return {
    lang: "TypeScript",
    label: "TypeScript (fetch)",
    source:
      `// The client has no method for this operation; any HTTP client works.\n` +
      `const response = await fetch(\`\${BASE}${path}\`, {\n  ${init.join(",\n  ")},\n});\n` +
      "console.log(response.status, response.status === 204 ? null : await response.json());",
  };
}
