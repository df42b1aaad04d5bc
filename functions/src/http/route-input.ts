import type { Request } from "firebase-functions/v2/https";
import type { z } from "zod";
import { parseOrThrow } from "../domain/validation.js";
import { jsonObjectBody, type BodyMediaType } from "./request-body.js";

// A route's input, declared once: the app checks it before the handler runs and hands the handler
// the parsed values, and the OpenAPI document describes the same schemas (route.ts `documented`).
//
// We keep our own document builder (openapi.ts) rather than adopt an OpenAPI-from-zod library: zod 4
// writes each schema's JSON Schema itself (z.toJSONSchema), so what such a library would add is the
// operation skeleton, which is small here, while the problem+json errors every route implies (401,
// 403, 413, 415, 429, 503 by access and input) and the RFC 6749 token endpoint are ours to state
// either way. @hono/zod-openapi would also replace our router.

/** A JSON object body: its schema, the name its 400 gives it, the media types it may come in. */
export interface BodySpec<S extends z.ZodType = z.ZodType> {
  schema: S;
  /** Names the body in the 400's detail: "The {name} is invalid." */
  name: string;
  /** application/json unless given. */
  mediaTypes?: readonly BodyMediaType[];
}

/** A request header the handler reads, by its name. */
export interface HeaderSpec<T = unknown> {
  description: string;
  /** Its JSON Schema, for the document. */
  schema: Record<string, unknown>;
  /** Reads the header's value (undefined when absent), throwing the 400 for a malformed one. */
  parse: (value: string | undefined) => T;
}

/** What a route reads from the request, checked in this order: headers, body, query. */
export interface RequestSpec {
  headers?: Record<string, HeaderSpec>;
  body?: BodySpec;
  query?: z.ZodObject;
}

/** Any route's validated input, as the app passes it on. */
export interface AnyInput {
  headers: unknown;
  body: unknown;
  bodyObject: Record<string, unknown> | undefined;
  query: unknown;
}

/** The input a handler receives, already validated against its route's `RequestSpec`. */
export interface ValidInput<R extends RequestSpec> {
  headers: R extends { headers: infer H extends Record<string, HeaderSpec> }
    ? { [Name in keyof H]: ReturnType<H[Name]["parse"]> }
    : undefined;
  body: R extends { body: BodySpec<infer S> } ? z.output<S> : undefined;
  /** The body as sent, before the schema parsed it (the idempotency fingerprint hashes this). */
  bodyObject: R extends { body: BodySpec } ? Record<string, unknown> : undefined;
  query: R extends { query: infer Q extends z.ZodObject } ? z.output<Q> : undefined;
}

/** Checks `req` against `spec`, or throws the 400, 413 or 415 the first failing check answers. */
export function validInput(spec: RequestSpec | undefined, req: Request): AnyInput {
  const headers =
    spec?.headers &&
    Object.fromEntries(Object.entries(spec.headers).map(([name, { parse }]) => [name, parse(req.get(name))]));
  const bodyObject = spec?.body && jsonObjectBody(req, spec.body.mediaTypes ?? ["application/json"]);
  const body = spec?.body && parseOrThrow(spec.body.schema, bodyObject, spec.body.name);
  const query = spec?.query && parseOrThrow(spec.query, req.query, "query");
  return { headers, body, bodyObject, query };
}
