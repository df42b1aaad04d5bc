import fc from "fast-check";

/**
 * A fuzz of every route, generated from the OpenAPI document the API serves (so it follows the route
 * table, however that is declared): each operation's path ids are hostile (percent-encoded slashes,
 * dots, `__x__`, 1,600 characters, `%00`, an encoded lone surrogate) or real; each query parameter and
 * each string of its body schema takes the full Unicode range, lone surrogates included; every header
 * the API reads is sent well or badly. The promise: never a 5xx, and nothing changed on any 4xx.
 */

/** One answer, as the fuzz needs it. */
export interface FuzzResponse {
  status: number;
  contentType: string;
  text: string;
}

/** What the fuzz drives: the API over some transport, a partner's data, and real ids to aim at. */
export interface FuzzTarget {
  /** The served OpenAPI document. */
  document: OpenApiDocument;
  send(request: FuzzRequest): Promise<FuzzResponse>;
  /** Everything the partner's requests could change, serialized, to compare before and after. */
  snapshot(): Promise<string>;
  /** Ids that exist (an entry, a webhook endpoint), so some requests reach a handler's happy path. */
  realIds: string[];
  /** Bearer tokens: a partner holding every scope, one holding entries:read only. */
  tokens: { full: string; readOnly: string };
}

export interface FuzzRequest {
  method: string;
  /** Under the API root, e.g. `/v1/entries/a%2Fb?limit=1`. */
  path: string;
  headers: Record<string, string>;
  body?: string;
}

interface Schema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
  required?: string[];
}

interface Parameter {
  name: string;
  in: "path" | "query" | "header";
  schema?: Schema;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

/** Any code point, lone surrogates (U+D800..U+DFFF) included, and the characters that break things. */
const anyCharacter = fc.oneof(
  fc.integer({ min: 0, max: 0x10ffff }).map((codePoint) => String.fromCodePoint(codePoint)),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit)),
  fc.constantFrom("/", ".", "%", "\u0000", "\n", "\u202e", "\ufeff", "💥", "é"),
);

/** A string over the full Unicode range, lone surrogates included; sometimes long. */
export const anyString = fc.oneof(
  { arbitrary: fc.string({ unit: anyCharacter, maxLength: 24 }), weight: 5 },
  { arbitrary: fc.constantFrom("", "x".repeat(1600), "__x__", "..", "\ud800", "a\udfffb"), weight: 1 },
);

/** Ids no document can have, and encodings of them, as a path segment. */
const HOSTILE_IDS = [
  "a%2Fb",
  "%2F",
  "a%2F%2Fb",
  ".",
  "..",
  "%2E",
  "%2E%2E",
  "__x__",
  "__.*__",
  "x".repeat(1600),
  "%00",
  "a%00b",
  "%ED%A0%80",
  "%ED%BF%BF",
  "%uD800",
  "%",
  "%%32%46",
  "%C0%AF",
  "e_%F0%9F%92%A5",
];

/**
 * Percent-encodes any string, lone surrogates included: those as the three bytes WTF-8 gives them
 * (what a careless client sends), since UTF-8 has no form for them and encodeURIComponent throws.
 */
export function percentEncode(text: string): string {
  let out = "";
  for (const char of text) {
    const unit = char.charCodeAt(0);
    if (char.length === 1 && unit >= 0xd800 && unit <= 0xdfff) {
      out += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]
        .map((byte) => `%${byte.toString(16).toUpperCase()}`)
        .join("");
    } else {
      out += encodeURIComponent(char);
    }
  }
  return out;
}

/** A header value HTTP can carry (visible Latin-1 and spaces); what a header cannot hold is not sent. */
const headerValue = fc.oneof(
  fc.string({
    unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
    maxLength: 40,
  }),
  fc.string({
    unit: fc.integer({ min: 0xa0, max: 0xff }).map((code) => String.fromCharCode(code)),
    maxLength: 8,
  }),
  fc.constantFrom("k".repeat(300), "%ED%A0%80", '"v1"', '"v2"', "*", 'W/"v1"', "1.2.3.4, 5.6.7.8"),
);

function resolve(document: OpenApiDocument, schema: Schema): Schema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace("#/components/schemas/", "");
  return document.components?.schemas?.[name] ?? {};
}

/**
 * A value the schema accepts (as far as its JSON Schema says: enums, patterns, formats, bounds,
 * required keys), so a well-formed request reaches the handler's happy path.
 */
function validValueFor(document: OpenApiDocument, raw: Schema, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(document, raw);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants?.[0]) return validValueFor(document, variants[0], depth);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case "string":
      if (schema.format === "date-time")
        return fc.constantFrom("2026-11-20T12:00:00Z", "2026-12-01T08:30:00.123+01:00");
      if (schema.format === "uri" || /url/i.test(JSON.stringify(schema)))
        return fc.constant("https://hooks.example.com/h");
      if (schema.pattern && !schema.pattern.startsWith("^[^")) {
        return fc
          .stringMatching(new RegExp(schema.pattern))
          .filter((text) => text.length <= (schema.maxLength ?? 64));
      }
      return fc.string({
        unit: fc.constantFrom(..."abcxyz019 -_éü💥"),
        minLength: schema.minLength ?? 0,
        maxLength: Math.min(schema.maxLength ?? 20, 20),
      });
    case "integer":
    case "number":
      return fc.integer({ min: schema.minimum ?? 0, max: Math.min(schema.maximum ?? 1e6, 1e6) });
    case "boolean":
      return fc.boolean();
    case "array":
      return fc.uniqueArray(validValueFor(document, schema.items ?? {}, depth + 1), {
        minLength: schema.minItems ?? 0,
        maxLength: schema.maxItems ?? 2,
        comparator: "IsStrictlyEqual",
      });
    case "object": {
      const properties = Object.entries(schema.properties ?? {});
      const required = schema.required ?? [];
      // A patch must name at least one field: keep one of the optional ones when none is required.
      return fc
        .record(
          Object.fromEntries(
            properties.map(([name, inner]) => [name, validValueFor(document, inner, depth + 1)]),
          ),
          { requiredKeys: required },
        )
        .filter((value) => required.length > 0 || properties.length === 0 || Object.keys(value).length > 0);
    }
    default:
      return fc.constant(null);
  }
}

/** Values for a schema: mostly valid-shaped ones (so requests get past the first check), with hostile strings. */
function valueFor(document: OpenApiDocument, raw: Schema, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(document, raw);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return fc.oneof(...variants.map((variant) => valueFor(document, variant, depth)));
  if (schema.const !== undefined) return fc.oneof(fc.constant(schema.const), anyString);
  if (schema.enum) return fc.oneof(fc.constantFrom(...schema.enum), anyString);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case "string":
      return fc.oneof(
        anyString,
        fc.constantFrom("2026-11-20T12:00:00Z", "https://hooks.example.com/h", "EUR"),
      );
    case "integer":
    case "number":
      return fc.oneof(
        fc.integer({ min: schema.minimum ?? -5, max: Math.min(schema.maximum ?? 1e12, 1e12) }),
        fc.constantFrom(-1, 0, 1.5, 1e308, 2 ** 53),
      );
    case "boolean":
      return fc.boolean();
    case "array":
      return depth > 2
        ? fc.constant([])
        : fc.array(valueFor(document, schema.items ?? {}, depth + 1), { maxLength: 3 });
    case "object": {
      if (depth > 2) return fc.constant({});
      const properties = Object.entries(schema.properties ?? {});
      const known = fc.record(
        Object.fromEntries(properties.map(([name, inner]) => [name, valueFor(document, inner, depth + 1)])),
        { requiredKeys: [] },
      );
      // Sometimes a field of a name no schema knows, lone surrogates included.
      return fc.oneof(
        { arbitrary: known, weight: 4 },
        {
          arbitrary: fc
            .tuple(known, anyString, anyString)
            .map(([value, key, extra]) => ({ ...value, [key]: extra })),
          weight: 1,
        },
      );
    }
    default:
      return fc.oneof(anyString, fc.constant(null), fc.integer());
  }
}

/** The headers the API reads, each sent well, badly or not at all. */
function headersFor(target: FuzzTarget, mediaTypes: string[]): fc.Arbitrary<Record<string, string>> {
  return fc
    .record(
      {
        authorization: fc.oneof(
          fc.constant(`Bearer ${target.tokens.full}`),
          fc.constant(`Bearer ${target.tokens.full}`),
          fc.constant(`Bearer ${target.tokens.readOnly}`),
          fc.constant("Bearer definitely.not.a-token"),
          headerValue.map((value) => `Basic ${Buffer.from(value, "latin1").toString("base64")}`),
          headerValue,
        ),
        "content-type": fc.oneof(
          fc.constantFrom(...mediaTypes, "text/plain", "application/json; charset=utf-16"),
          headerValue,
        ),
        "idempotency-key": headerValue,
        "if-match": headerValue,
        "x-request-id": headerValue,
        "x-forwarded-for": headerValue,
      },
      { requiredKeys: [] },
    )
    .map((headers) => Object.fromEntries(Object.entries(headers).filter(([, value]) => value !== undefined)));
}

/** A request to one operation of the document: its method and path, every input generated. */
function requestFor(
  target: FuzzTarget,
  path: string,
  method: string,
  operation: Operation,
): fc.Arbitrary<FuzzRequest> {
  const { document } = target;
  const parameters = operation.parameters ?? [];
  const pathParameters = parameters.filter((parameter) => parameter.in === "path");
  const query = parameters.filter((parameter) => parameter.in === "query");
  const content = operation.requestBody?.content ?? {};
  const mediaTypes = Object.keys(content);
  const segment = fc.oneof(
    fc.constantFrom(...HOSTILE_IDS),
    fc.constantFrom(...target.realIds.map(encodeURIComponent)),
    anyString.map(percentEncode),
  );
  const body = mediaTypes.length
    ? fc.oneof(
        {
          arbitrary: valueFor(document, content[mediaTypes[0] ?? ""]?.schema ?? {}).map((value) =>
            JSON.stringify(value),
          ),
          weight: 4,
        },
        // A form body for the token endpoint; JSON text for the rest, where it meets the form parser.
        {
          arbitrary: fc
            .dictionary(
              fc.constantFrom("grant_type", "scope", "client_id", "client_secret", "x"),
              anyString,
              { maxKeys: 4 },
            )
            .map((form) =>
              Object.entries(form)
                .map(([key, value]) => `${key}=${percentEncode(value)}`)
                .join("&"),
            ),
          weight: 1,
        },
        { arbitrary: fc.constantFrom("{", "[]", "null", '"\\ud800"', "{}"), weight: 1 },
      )
    : fc.constant(undefined);
  // Half the requests are well formed but for what the fuzz varies on purpose, so handlers run too.
  const wellFormed = fc.record({
    ids: fc.array(fc.constantFrom(...target.realIds.map(encodeURIComponent)), {
      minLength: pathParameters.length,
      maxLength: pathParameters.length,
    }),
    query: fc.record(
      Object.fromEntries(
        query
          .filter((parameter) => parameter.name !== "pageToken")
          .map((parameter) => [parameter.name, validValueFor(document, parameter.schema ?? {}).map(String)]),
      ),
      { requiredKeys: [] },
    ),
    headers: fc
      .record(
        {
          "idempotency-key": fc.stringMatching(/^[A-Za-z0-9-]{1,16}$/),
          "if-match": fc.constantFrom('"v1"', '"v2"'),
        },
        { requiredKeys: [] },
      )
      .map((headers) => ({
        ...headers,
        authorization: `Bearer ${target.tokens.full}`,
        ...(mediaTypes[0] ? { "content-type": mediaTypes[0] } : {}),
      })),
    body: mediaTypes[0]
      ? validValueFor(document, content[mediaTypes[0]]?.schema ?? {}).map((value) => JSON.stringify(value))
      : fc.constant(undefined),
  });
  const hostile = fc.record({
    ids: fc.array(segment, { minLength: pathParameters.length, maxLength: pathParameters.length }),
    query: fc.record(
      Object.fromEntries(
        query.map((parameter) => [
          parameter.name,
          fc.oneof(valueFor(document, parameter.schema ?? {}).map(String), anyString),
        ]),
      ),
      { requiredKeys: [] },
    ),
    headers: headersFor(target, mediaTypes),
    body,
  });
  return fc.oneof(wellFormed, hostile).map(({ ids, query: values, headers, body: text }) => {
    let index = 0;
    const filled = path.replace(/\{[^}]+\}/g, () => ids[index++] ?? "x");
    const search = Object.entries(values)
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => `${encodeURIComponent(name)}=${percentEncode(String(value))}`)
      .join("&");
    return {
      method: method.toUpperCase(),
      path: search ? `${filled}?${search}` : filled,
      headers,
      ...(text === undefined ? {} : { body: text }),
    };
  });
}

/** Every operation of the document, each as a request generator. */
export function everyRoute(target: FuzzTarget): fc.Arbitrary<FuzzRequest> {
  const operations = Object.entries(target.document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => requestFor(target, path, method, operation)),
  );
  return fc.oneof(...operations);
}

/** The runtime's own HTML 400 (unparsable JSON), which no function can shape. */
const isRuntimeRejection = (response: FuzzResponse) =>
  response.status === 400 && response.contentType.startsWith("text/html");

/** What the fuzz saw: how many requests, and how many answers of each status. */
export interface FuzzReport {
  requests: number;
  statuses: Record<number, number>;
}

/**
 * Sends `numRuns` generated requests; fails on a 5xx, on an error answer that is not problem+json or
 * an OAuth error body, and on a 4xx after which the partner's data differ.
 */
export async function fuzzEveryRoute(target: FuzzTarget, numRuns: number): Promise<FuzzReport> {
  const statuses: Record<number, number> = {};
  // One snapshot per request: what the previous request left is what this one starts from.
  let before = await target.snapshot();
  await fc.assert(
    fc.asyncProperty(everyRoute(target), async (request) => {
      const response = await target.send(request);
      const after = await target.snapshot();
      const changed = after !== before;
      before = after;
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;
      const seen = `${request.method} ${request.path.slice(0, 200)} answered ${response.status}: ${response.text.slice(0, 300)}`;
      if (response.status >= 500) throw new Error(`a 5xx: ${seen}`);
      if (response.status < 400 || isRuntimeRejection(response) || request.method === "HEAD") return;
      if (!/^application\/(problem\+)?json/.test(response.contentType))
        throw new Error(`not a problem: ${seen}`);
      if (changed) throw new Error(`a 4xx changed the partner's data: ${seen}`);
    }),
    { numRuns, endOnFailure: true },
  );
  return { requests: numRuns, statuses };
}
