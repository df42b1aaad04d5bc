import { describe, expect, it } from "vitest";
import { apiRoutes } from "../testing/route-table.js";
import { COMPONENT_EXAMPLES } from "./openapi-examples.js";
import { buildOpenApiDocument, COMPONENTS } from "./openapi.js";

interface Body {
  content?: Record<string, { schema: { $ref?: string } }>;
}

// Samples a partner reads in the reference, as the document gives them.
const PLACEHOLDERS = [/"string"/, /2019-08-24/, /-9007199254740991/, /9007199254740991/];

describe("the OpenAPI document's examples", () => {
  it.each(COMPONENTS.map(([schema, name]) => [name, schema] as const))(
    "%s has a realistic example that its own schema accepts",
    (name, schema) => {
      const example = COMPONENT_EXAMPLES[name];
      expect(example, name).toBeDefined();
      expect(schema.safeParse(example).error).toBeUndefined();
      expect(JSON.stringify(example)).not.toMatch(
        new RegExp(PLACEHOLDERS.map(({ source }) => source).join("|")),
      );
    },
  );

  it("gives every named schema its example and lists no example of a schema it lacks", () => {
    const document = buildOpenApiDocument(apiRoutes()) as {
      components: { schemas: Record<string, { example?: unknown }> };
    };
    const schemas = document.components.schemas;
    for (const [name, schema] of Object.entries(schemas))
      expect(schema.example, name).toEqual(COMPONENT_EXAMPLES[name]);
    expect(Object.keys(COMPONENT_EXAMPLES).sort()).toEqual(Object.keys(schemas).sort());
  });

  it("names every JSON body an operation takes or answers, so each has its example (health's literal aside)", () => {
    const document = buildOpenApiDocument(apiRoutes()) as {
      paths: Record<
        string,
        Record<string, { operationId: string; requestBody?: Body; responses: Record<string, Body> }>
      >;
    };
    const unnamed = Object.values(document.paths).flatMap((methods) =>
      Object.values(methods).flatMap(({ operationId, requestBody, responses }) =>
        [requestBody, ...Object.values(responses)]
          .flatMap((body) => Object.values(body?.content ?? {}))
          .filter(
            ({ schema }) =>
              !schema.$ref && operationId !== "getHealth" && operationId !== "getOpenApiDocument",
          )
          .map(() => operationId),
      ),
    );
    expect(unnamed).toEqual([]);
  });

  it("shows formats, not the validators' regular expressions or safe-integer bounds", () => {
    const text = JSON.stringify(buildOpenApiDocument(apiRoutes()));
    const entry = (
      JSON.parse(text) as { components: { schemas: { CreateEntry: { properties: { occurredAt: object } } } } }
    ).components.schemas.CreateEntry.properties.occurredAt;
    expect(entry).toMatchObject({ type: "string", format: "date-time" });
    expect(entry).not.toHaveProperty("pattern");
    const patterns = [...text.matchAll(/"pattern":"((?:[^"\\]|\\.)*)"/g)].map(([, pattern]) => pattern ?? "");
    expect(patterns.every((pattern) => pattern.length < 60)).toBe(true);
    expect(text).not.toContain("9007199254740991");
  });
});
