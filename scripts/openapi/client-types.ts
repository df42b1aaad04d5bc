import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString, type OpenAPI3 } from "openapi-typescript";
import { format } from "prettier";
import { servedOpenApiDocument } from "./served-document.js";

/** The client's generated types, committed so the published package needs no generator. */
export const CLIENT_TYPES_FILE = fileURLToPath(
  new URL("../../packages/partner-client/src/generated/openapi.ts", import.meta.url),
);

const HEADER =
  "// Generated from the OpenAPI document the API serves; do not edit. `npm run generate:client` rewrites it,\n" +
  "// and scripts/openapi/client-types.test.ts fails while it differs from the document.\n\n";

/** The TypeScript types openapi-typescript makes of a document, formatted as the repository is. */
export async function renderClientTypes(document: Record<string, unknown>): Promise<string> {
  // The document is a plain object, so nothing is fetched; `$ref`s stay internal type references.
  const ast = await openapiTS(document as unknown as OpenAPI3, { exportType: true });
  const prettierConfig = JSON.parse(
    await readFile(new URL("../../.prettierrc.json", import.meta.url), "utf8"),
  ) as Record<string, unknown>;
  return format(HEADER + astToString(ast), { ...prettierConfig, parser: "typescript" });
}

/** `npm run generate:client`: rewrites the committed types from the served document. */
async function main(): Promise<void> {
  await writeFile(CLIENT_TYPES_FILE, await renderClientTypes(await servedOpenApiDocument()));
  console.log(`wrote ${CLIENT_TYPES_FILE}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
