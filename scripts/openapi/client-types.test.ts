import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { CLIENT_TYPES_FILE, renderClientTypes } from "./client-types.js";
import { servedOpenApiDocument } from "./served-document.js";

describe("@partner-api/client's generated types", () => {
  it("are exactly what openapi-typescript makes of the document the API serves", async () => {
    const expected = await renderClientTypes(await servedOpenApiDocument());
    const committed = await readFile(CLIENT_TYPES_FILE, "utf8");
    // On a difference: the API changed; run `npm run generate:client` and commit the result.
    expect(committed, "run `npm run generate:client`: the API's document changed").toBe(expected);
  });
});
