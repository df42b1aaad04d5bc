import { z } from "zod";
import {
  createEntrySchema,
  entryPageSchema,
  entrySchema,
  listEntriesQuerySchema,
  meSchema,
  updateEntrySchema,
} from "../domain/entry-schema.js";
import { ERROR_CODES, type ErrorCode } from "../errors.js";
import { clientCredentialsScheme, tokenPathItem, tokenSchemas } from "./openapi-token.js";

const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.int(),
  detail: z.string(),
  requestId: z.string(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});

/** The OpenAPI 3.1 document, generated from the schemas the handlers validate with. */
export function buildOpenApiDocument(): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  registry.add(entrySchema, { id: "Entry" });
  registry.add(createEntrySchema, { id: "CreateEntry" });
  registry.add(updateEntrySchema, { id: "UpdateEntry" });
  registry.add(entryPageSchema, { id: "EntryPage" });
  registry.add(meSchema, { id: "Me" });
  registry.add(problemSchema, { id: "Problem" });
  const { schemas } = z.toJSONSchema(registry, { uri: (id) => `#/components/schemas/${id}`, io: "input" });
  for (const schema of Object.values(schemas)) {
    delete schema.$schema;
    delete schema.$id;
  }

  const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
  const json = (id: string) => ({ "application/json": { schema: ref(id) } });
  const etag = { ETag: { description: "Current version, for If-Match.", schema: { type: "string" } } };
  const problems = (...codes: ErrorCode[]) =>
    Object.fromEntries(
      codes.map((code) => [
        String(ERROR_CODES[code].status),
        {
          description: ERROR_CODES[code].title,
          content: { "application/problem+json": { schema: ref("Problem") } },
        },
      ]),
    );
  const guarded = ["UNAUTHENTICATED", "FORBIDDEN", "RATE_LIMITED", "UNAVAILABLE"] as const;
  const entryId = { name: "id", in: "path", required: true, schema: { type: "string" } };
  const listParameters = Object.entries(listEntriesQuerySchema.shape).map(([name, schema]) => ({
    name,
    in: "query",
    required: false,
    schema: z.toJSONSchema(schema, { io: "input" }),
  }));
  for (const parameter of listParameters) delete parameter.schema.$schema;

  return {
    openapi: "3.1.0",
    info: {
      title: "Partner API",
      version: "1.0.0",
      description:
        "Ledger entries for partner systems. Authenticate with a Firebase ID token carrying partner claims. " +
        "Errors are RFC 9457 problem+json, except that the Cloud Functions runtime answers a body that is " +
        "not parsable JSON with its own HTML 400 before this API sees it.",
    },
    servers: [{ url: "/" }],
    components: {
      schemas: { ...schemas, ...tokenSchemas },
      securitySchemes: {
        firebaseIdToken: { type: "http", scheme: "bearer", bearerFormat: "JWT" },
        clientCredentials: clientCredentialsScheme,
      },
    },
    // Either way the Bearer token is a Firebase ID token; the second says how a machine gets one.
    security: [{ firebaseIdToken: [] }, { clientCredentials: [] }],
    paths: {
      ...tokenPathItem(problems("UNAVAILABLE")),
      "/v1/health": {
        get: {
          operationId: "getHealth",
          security: [],
          responses: {
            "200": {
              description: "The API is up.",
              content: { "application/json": { schema: { type: "object" } } },
            },
          },
        },
      },
      "/v1/openapi.json": {
        get: {
          operationId: "getOpenApiDocument",
          security: [],
          responses: {
            "200": {
              description: "This document.",
              content: { "application/json": { schema: { type: "object" } } },
            },
          },
        },
      },
      "/v1/me": {
        get: {
          operationId: "getMe",
          responses: {
            "200": { description: "The calling partner.", content: json("Me") },
            ...problems(...guarded),
          },
        },
      },
      "/v1/entries": {
        get: {
          operationId: "listEntries",
          description: "Needs entries:read. Newest first; pass nextPageToken as pageToken for the next page.",
          parameters: listParameters,
          responses: {
            "200": { description: "A page of entries.", content: json("EntryPage") },
            ...problems("INVALID_REQUEST", ...guarded),
          },
        },
        post: {
          operationId: "createEntry",
          description: "Needs entries:write. Send Idempotency-Key to retry safely for 24 hours.",
          parameters: [
            {
              name: "Idempotency-Key",
              in: "header",
              required: false,
              schema: { type: "string", minLength: 1, maxLength: 255, pattern: "^[\\x21-\\x7e]+$" },
            },
          ],
          requestBody: { required: true, content: json("CreateEntry") },
          responses: {
            "201": {
              description: "Created (or replayed, with Idempotent-Replayed: true).",
              headers: { ...etag, Location: { schema: { type: "string" } } },
              content: json("Entry"),
            },
            ...problems(
              "INVALID_REQUEST",
              "CONFLICT",
              "PAYLOAD_TOO_LARGE",
              "UNSUPPORTED_MEDIA_TYPE",
              "IDEMPOTENCY_KEY_REUSED",
              ...guarded,
            ),
          },
        },
      },
      "/v1/entries/{id}": {
        get: {
          operationId: "getEntry",
          description: "Needs entries:read.",
          parameters: [entryId],
          responses: {
            "200": { description: "The entry.", headers: etag, content: json("Entry") },
            ...problems("NOT_FOUND", ...guarded),
          },
        },
        patch: {
          operationId: "updateEntry",
          description: "Needs entries:write. Corrects description or category, or voids the entry.",
          parameters: [
            entryId,
            { name: "If-Match", in: "header", required: false, schema: { type: "string" } },
          ],
          requestBody: { required: true, content: json("UpdateEntry") },
          responses: {
            "200": { description: "The updated entry.", headers: etag, content: json("Entry") },
            ...problems(
              "INVALID_REQUEST",
              "NOT_FOUND",
              "PRECONDITION_FAILED",
              "PAYLOAD_TOO_LARGE",
              "UNSUPPORTED_MEDIA_TYPE",
              ...guarded,
            ),
          },
        },
      },
    },
  };
}
