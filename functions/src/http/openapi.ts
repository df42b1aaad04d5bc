import { z } from "zod";
import {
  createEntrySchema,
  entryPageSchema,
  entrySchema,
  meSchema,
  updateEntrySchema,
} from "../domain/entries/entry-schema.js";
import { entryVersionPageSchema, entryVersionSchema } from "../domain/entries/entry-history.js";
import {
  entryEventSchema,
  eventPageSchema,
  replayRequestSchema,
  replayStartedSchema,
} from "../domain/webhooks/event-schema.js";
import { SCOPES } from "../domain/access/partner-claims.js";
import { usageDaySchema, usageReportSchema } from "../domain/usage/usage-schema.js";
import {
  createdEndpointSchema,
  createEndpointSchema,
  deliveryPageSchema,
  deliverySchema,
  endpointPageSchema,
  endpointSchema,
  eventSchema,
  rotatedSecretSchema,
  updateEndpointSchema,
} from "../domain/webhooks/webhook-schema.js";
import { ERROR_CODES, type ErrorCode } from "../errors.js";
import { BASIC_CHALLENGE, OAUTH_ERROR_STATUS, type OAuthErrorCode } from "../oauth-error.js";
import { COMPONENT_EXAMPLES } from "./openapi-examples.js";
import type { BodyMediaType } from "./request-body.js";
import {
  FORM_MEDIA_TYPE,
  oauthErrorSchema,
  TOKEN_PATH,
  tokenRequestSchema,
  tokenResponseSchema,
} from "./token-schemas.js";

/**
 * What a route says about itself for the OpenAPI document. The document is built from these and the
 * route table alone, with the same zod schemas the app validates each route's input with
 * (route-input.ts), so the two cannot drift.
 */
export interface OperationDoc {
  operationId: string;
  /** What the operation does, in a few words: the reference's heading for it. */
  summary: string;
  description: string;
  /** Descriptions of the `:name` path parameters. */
  pathParameters?: Record<string, string>;
  /** The query schema the app validates `req.query` with. */
  query?: z.ZodObject;
  headers?: HeaderDoc[];
  /** The schema of the body: a JSON body, parsed with it, implies 400, 413 and 415 (problem+json). */
  body?: z.ZodType;
  /** The media types the handler takes the body in; application/json unless given. */
  bodyMediaTypes?: readonly (BodyMediaType | typeof FORM_MEDIA_TYPE)[];
  success: {
    status: number;
    description: string;
    /** The body's schema; none for a 204. */
    schema?: z.ZodType;
    headers?: Record<string, string>;
  };
  /**
   * The problem+json errors the handler itself can answer. The document adds those every partner
   * route can answer (401, 403, 429 for the rate limit and the daily quota, 503) and those a JSON body or a query implies.
   */
  errors: ErrorCode[];
  /** The RFC 6749 §5.2 errors the handler answers (the token endpoint), as application/json. */
  oauthErrors?: OAuthErrorCode[];
}

export interface HeaderDoc {
  name: string;
  description: string;
  schema: Record<string, unknown>;
}

/** A route as the document needs it: its method, path (`:name` parameters) and access. */
export interface DocumentedRoute {
  method: string;
  path: string;
  access: string;
  doc: OperationDoc;
}

const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.int(),
  detail: z.string(),
  requestId: z.string(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  entryId: z.string().optional().describe("The existing entry a 409 duplicate-external-id names."),
});

// The named schemas of the document; any other schema a route declares is written inline.
export const COMPONENTS: readonly [z.ZodType, string][] = [
  [entrySchema, "Entry"],
  [createEntrySchema, "CreateEntry"],
  [updateEntrySchema, "UpdateEntry"],
  [entryPageSchema, "EntryPage"],
  [meSchema, "Me"],
  [entryVersionSchema, "EntryVersion"],
  [entryVersionPageSchema, "EntryVersionPage"],
  [createEndpointSchema, "CreateWebhookEndpoint"],
  [updateEndpointSchema, "UpdateWebhookEndpoint"],
  [endpointSchema, "WebhookEndpoint"],
  [createdEndpointSchema, "CreatedWebhookEndpoint"],
  [endpointPageSchema, "WebhookEndpointPage"],
  [rotatedSecretSchema, "RotatedSecret"],
  [deliverySchema, "WebhookDelivery"],
  [deliveryPageSchema, "WebhookDeliveryPage"],
  [eventSchema, "WebhookEvent"],
  [entryEventSchema, "Event"],
  [eventPageSchema, "EventPage"],
  [replayRequestSchema, "ReplayRequest"],
  [replayStartedSchema, "ReplayStarted"],
  [usageDaySchema, "UsageDay"],
  [usageReportSchema, "UsageReport"],
  [problemSchema, "Problem"],
  [tokenRequestSchema, "TokenRequest"],
  [tokenResponseSchema, "TokenResponse"],
  [oauthErrorSchema, "OAuthError"],
];

const retryAfter = {
  "Retry-After": { description: "Seconds to wait before retrying.", schema: { type: "integer" } },
};

// The headers an error answer carries besides the body, by code.
const ERROR_HEADERS: Partial<Record<ErrorCode | OAuthErrorCode, Record<string, unknown>>> = {
  UNAUTHENTICATED: { "WWW-Authenticate": { description: "Bearer challenge.", schema: { type: "string" } } },
  CONFLICT: retryAfter,
  RATE_LIMITED: retryAfter,
  QUOTA_EXCEEDED: {
    ...retryAfter,
    "RateLimit-Limit": { description: "The daily quota.", schema: { type: "integer" } },
    "RateLimit-Remaining": { description: "0: none left today.", schema: { type: "integer" } },
    "RateLimit-Reset": { description: "Seconds to the next UTC midnight.", schema: { type: "integer" } },
  },
  REPLAY_IN_PROGRESS: retryAfter,
  UNAVAILABLE: retryAfter,
  invalid_client: { "WWW-Authenticate": { schema: { type: "string", const: BASIC_CHALLENGE } } },
  temporarily_unavailable: retryAfter,
};

/** What every route behind authentication can answer, whatever its handler does. */
const PARTNER_ROUTE_ERRORS: readonly ErrorCode[] = [
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "RATE_LIMITED",
  "QUOTA_EXCEEDED",
  "UNAVAILABLE",
];

/** What a route with a JSON body can answer before its handler sees the body. */
const BODY_ERRORS: readonly ErrorCode[] = ["INVALID_REQUEST", "PAYLOAD_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE"];

/** Every problem+json error code a route can answer, as its document lists them. */
function documentedErrors(route: DocumentedRoute): ErrorCode[] {
  const codes = new Set<ErrorCode>(route.doc.errors);
  const jsonBody = !route.doc.bodyMediaTypes?.includes(FORM_MEDIA_TYPE);
  if (route.doc.body && jsonBody) BODY_ERRORS.forEach((code) => codes.add(code));
  if (route.doc.query) codes.add("INVALID_REQUEST");
  if (route.access !== "public") PARTNER_ROUTE_ERRORS.forEach((code) => codes.add(code));
  return [...codes];
}

/**
 * The resources the reference groups operations by, in its order, each with the paths it holds: what
 * a partner looks for (authentication, entries, events, webhooks, usage), not how the code is split.
 */
const TAGS = [
  {
    name: "Authentication",
    description: "Getting and checking the Bearer token.",
    paths: ["/v1/oauth", "/v1/me"],
  },
  { name: "Entries", description: "The partner's ledger entries and their history.", paths: ["/v1/entries"] },
  {
    name: "Events",
    description: "What happened to entries, kept 30 days: catch up on missed webhooks here.",
    paths: ["/v1/events"],
  },
  {
    name: "Webhooks",
    description: "Endpoints that receive events, their delivery log and replays.",
    paths: ["/v1/webhook-endpoints"],
  },
  { name: "Usage", description: "Requests counted per UTC day, and the daily quota.", paths: ["/v1/usage"] },
  { name: "Service", description: "Health and this document.", paths: ["/v1/health", "/v1/openapi.json"] },
] as const;

/** The resource a path belongs to; none for a path of no resource above (a test checks the API has none). */
function tagsOf(path: string): string[] {
  const tag = TAGS.find(({ paths }) =>
    paths.some((prefix) => path === prefix || path.startsWith(`${prefix}/`)),
  );
  return tag ? [tag.name] : [];
}

/**
 * Drops what zod writes for its own validation and a partner cannot use: the regular expression beside
 * a `format` (date-time's runs to 200 characters; the format says it) and the safe-integer bounds it
 * gives every integer (±9007199254740991, which read as real limits). In place; returns the schema.
 */
function withoutValidatorDetail<T>(schema: T): T {
  if (Array.isArray(schema)) schema.forEach(withoutValidatorDetail);
  else if (schema && typeof schema === "object") {
    const node = schema as Record<string, unknown>;
    if (typeof node.format === "string") delete node.pattern;
    if (node.minimum === Number.MIN_SAFE_INTEGER) delete node.minimum;
    if (node.maximum === Number.MAX_SAFE_INTEGER) delete node.maximum;
    Object.values(node).forEach(withoutValidatorDetail);
  }
  return schema;
}

/** The OpenAPI path of a route: `/v1/entries/:id` is `/v1/entries/{id}`. */
export function openApiPath(path: string): string {
  return path.replace(/:(\w+)/g, "{$1}");
}

/** The OpenAPI 3.1 document of a route table. */
export function buildOpenApiDocument(routes: readonly DocumentedRoute[]): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  for (const [schema, id] of COMPONENTS) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    uri: (id) => `#/components/schemas/${id}`,
    // Stryker disable next-line StringLiteral: equivalent here, as zod takes an io it does not know ("") for "input" on schemas without transforms, and no component has one
    io: "input",
  });
  for (const [name, schema] of Object.entries(schemas)) {
    delete schema.$schema;
    delete schema.$id;
    schema.example = COMPONENT_EXAMPLES[name];
    withoutValidatorDetail(schema);
  }
  const schemaOf = (schema: z.ZodType) => {
    const id = registry.get(schema)?.id;
    if (id) return { $ref: `#/components/schemas/${id}` };
    const { $schema: _dialect, ...inline } = z.toJSONSchema(schema, { io: "input" });
    return withoutValidatorDetail(inline);
  };
  const json = (schema: z.ZodType) => ({ "application/json": { schema: schemaOf(schema) } });
  const bodyContent = (schema: z.ZodType, types: OperationDoc["bodyMediaTypes"] = ["application/json"]) =>
    Object.fromEntries(types.map((type) => [type, { schema: schemaOf(schema) }]));

  // Codes sharing a status (409: contention or a duplicate externalId) share one response, all named.
  const errorResponse = (problems: ErrorCode[], oauth: OAuthErrorCode[]) => {
    const headers = Object.assign({}, ...[...problems, ...oauth].map((code) => ERROR_HEADERS[code] ?? {}));
    return {
      description: [...problems.map((code) => ERROR_CODES[code].title), ...oauth].join(" or "),
      ...(Object.keys(headers).length > 0 ? { headers } : {}),
      content: {
        ...(problems.length > 0
          ? { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } }
          : {}),
        ...(oauth.length > 0
          ? { "application/json": { schema: { $ref: "#/components/schemas/OAuthError" } } }
          : {}),
      },
    };
  };

  const operation = (route: DocumentedRoute) => {
    const doc = route.doc;
    const pathNames = route.path.split("/").flatMap((part) => (part.startsWith(":") ? [part.slice(1)] : []));
    const parameters = [
      ...pathNames.map((name) => ({
        name,
        in: "path",
        required: true,
        ...(doc.pathParameters?.[name] ? { description: doc.pathParameters[name] } : {}),
        schema: { type: "string", minLength: 1 },
      })),
      ...Object.entries(doc.query?.shape ?? {}).map(([name, schema]) => {
        const { $schema: _dialect, ...inline } = z.toJSONSchema(schema as z.ZodType, { io: "input" });
        return { name, in: "query", required: false, schema: withoutValidatorDetail(inline) };
      }),
      ...(doc.headers ?? []).map(({ name, description, schema }) => ({
        name,
        in: "header",
        required: false,
        description,
        schema,
      })),
    ];
    const successHeaders = Object.entries(doc.success.headers ?? {}).map(([name, description]) => [
      name,
      { description, schema: { type: "string" } },
    ]);
    const byStatus = new Map<number, { problems: ErrorCode[]; oauth: OAuthErrorCode[] }>();
    const at = (status: number) => {
      const found = byStatus.get(status) ?? { problems: [], oauth: [] };
      byStatus.set(status, found);
      return found;
    };
    for (const code of documentedErrors(route)) at(ERROR_CODES[code].status).problems.push(code);
    for (const code of doc.oauthErrors ?? []) at(OAUTH_ERROR_STATUS[code]).oauth.push(code);
    // No sort needed: an object lists integer-like keys ascending, so the responses come by status.
    const errors = [...byStatus].map(([status, { problems, oauth }]) => [
      String(status),
      errorResponse(problems, oauth),
    ]);
    return {
      operationId: doc.operationId,
      summary: doc.summary,
      tags: tagsOf(route.path),
      description:
        route.access === "public" || route.access === "partner"
          ? doc.description
          : `Needs ${route.access}. ${doc.description}`,
      ...(route.access === "public" ? { security: [] } : {}),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(doc.body
        ? { requestBody: { required: true, content: bodyContent(doc.body, doc.bodyMediaTypes) } }
        : {}),
      responses: {
        [String(doc.success.status)]: {
          description: doc.success.description,
          ...(successHeaders.length > 0 ? { headers: Object.fromEntries(successHeaders) } : {}),
          ...(doc.success.schema ? { content: json(doc.success.schema) } : {}),
        },
        ...Object.fromEntries(errors),
      },
    };
  };

  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    (paths[openApiPath(route.path)] ??= {})[route.method.toLowerCase()] = operation(route);
  }

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
    tags: TAGS.map(({ name, description }) => ({ name, description })),
    components: {
      schemas,
      securitySchemes: {
        firebaseIdToken: { type: "http", scheme: "bearer", bearerFormat: "JWT" },
        clientCredentials: clientCredentialsScheme,
      },
    },
    // Either way the Bearer token is a Firebase ID token; the second says how a machine gets one.
    security: [{ firebaseIdToken: [] }, { clientCredentials: [] }],
    paths,
  };
}

/** The security scheme that tells OAuth tooling where to get a token for the other routes. */
const clientCredentialsScheme = {
  type: "oauth2",
  description:
    "Machine credentials: exchange a client id and secret for a Bearer token (a Firebase ID token).",
  flows: {
    clientCredentials: {
      tokenUrl: TOKEN_PATH,
      scopes: Object.fromEntries(SCOPES.map((scope) => [scope, `The ${scope} scope.`])),
    },
  },
};
