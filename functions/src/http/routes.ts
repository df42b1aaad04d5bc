import type { Request } from "firebase-functions/v2/https";
import {
  createEntry,
  getEntry,
  listEntries,
  listEntryVersions,
  updateEntry,
  type LedgerDeps,
} from "../domain/entries.js";
import { entryVersionPageSchema, type Actor } from "../domain/entry-history.js";
import { z } from "zod";
import {
  createEntrySchema,
  entryPageSchema,
  entrySchema,
  listEntriesQuerySchema,
  meSchema,
  updateEntrySchema,
} from "../domain/entry-schema.js";
import { idempotencyKeyHash, requestFingerprint } from "../domain/idempotency.js";
import type { Principal } from "../domain/partner-access.js";
import type { RequestDeadline } from "../domain/request-deadline.js";
import type { Scope } from "../domain/partner-claims.js";
import { parseOrThrow } from "../domain/validation.js";
import { ApiError } from "../errors.js";
import { etagOf, ifMatchPrecondition } from "./etag.js";
import type { DocumentedRoute, OperationDoc } from "./openapi.js";
import type { Reply } from "./reply.js";
import { jsonObjectBody } from "./request-body.js";
import type { Route } from "./router.js";

export interface PublicContext {
  req: Request;
  params: Record<string, string>;
  requestId: string;
}

export interface PartnerContext extends PublicContext {
  principal: Principal;
  /** Gates the commits of the request's writes (domain/request-deadline.ts). */
  deadline: RequestDeadline;
}

/**
 * A public handler, or one for any partner ("partner") or a partner holding a scope; each describes
 * itself for the OpenAPI document.
 */
export type RouteHandler = { doc: OperationDoc } & (
  | { access: "public"; handle: (context: PublicContext) => Promise<Reply> | Reply }
  | { access: "partner" | Scope; handle: (context: PartnerContext) => Promise<Reply> | Reply }
);

// Idempotency keys are 1..255 visible ASCII characters, as in the contract.
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

const ETAG = { ETag: "Current version, for If-Match." };
// A correction is a JSON merge patch (RFC 7396) of the patchable fields, so either type fits.
const PATCH_MEDIA_TYPES = ["application/json", "application/merge-patch+json"] as const;

const ENTRY_ID = {
  id:
    "The entry's id, percent-encoded: e_… for entries created through the API, any Firestore document id " +
    "(up to 1500 bytes) for entries created directly.",
};

/** The /v1 route table: each handler parses its input, calls the domain and shapes the reply. */
export function v1Routes(ledger: LedgerDeps, openApiDocument: () => unknown): Route<RouteHandler>[] {
  return [
    {
      method: "GET",
      path: "/v1/health",
      handler: {
        access: "public",
        doc: {
          operationId: "getHealth",
          summary: "Check health",
          description: "Whether the API is up.",
          success: {
            status: 200,
            description: "The API is up.",
            schema: z.object({ status: z.literal("ok") }),
          },
          errors: [],
        },
        handle: () => ok({ status: "ok" }),
      },
    },
    {
      method: "GET",
      path: "/v1/openapi.json",
      handler: {
        access: "public",
        doc: {
          operationId: "getOpenApiDocument",
          summary: "Get this OpenAPI document",
          description: "This document.",
          success: { status: 200, description: "This document.", schema: z.looseObject({}) },
          errors: [],
        },
        handle: () => ok(openApiDocument()),
      },
    },
    {
      method: "GET",
      path: "/v1/me",
      handler: {
        access: "partner",
        doc: {
          operationId: "getMe",
          summary: "Who am I",
          description: "The calling partner, as its verified ID token says.",
          success: { status: 200, description: "The calling partner.", schema: meSchema },
          errors: [],
        },
        handle: ({ principal }) =>
          ok({
            uid: principal.uid,
            partnerId: principal.partnerId,
            scopes: principal.scopes,
            tokenExpiresAt: principal.tokenExpiresAt,
          }),
      },
    },
    {
      method: "GET",
      path: "/v1/entries",
      handler: {
        access: "entries:read",
        doc: {
          operationId: "listEntries",
          summary: "List entries",
          description: "Newest first; pass nextPageToken as pageToken for the next page.",
          query: listEntriesQuerySchema,
          success: { status: 200, description: "A page of entries.", schema: entryPageSchema },
          errors: [],
        },
        handle: async ({ req, principal }) => {
          const query = parseOrThrow(listEntriesQuerySchema, req.query, "query");
          return ok(await listEntries(ledger, principal.partnerId, query));
        },
      },
    },
    {
      method: "POST",
      path: "/v1/entries",
      handler: {
        access: "entries:write",
        doc: {
          operationId: "createEntry",
          summary: "Create an entry",
          description:
            "Send Idempotency-Key to retry safely for 24 hours: after a timeout, a 504 (outcome unknown) " +
            "or a dropped connection, repeat the request with the same key. A taken externalId is 409 " +
            "duplicate-external-id naming the entry that holds it.",
          headers: [
            {
              name: "Idempotency-Key",
              description: "The same key and body within 24 hours replays the first response.",
              schema: { type: "string", minLength: 1, maxLength: 255, pattern: "^[\\x21-\\x7e]+$" },
            },
          ],
          body: createEntrySchema,
          success: {
            status: 201,
            description: "Created (or replayed, with Idempotent-Replayed: true).",
            schema: entrySchema,
            headers: { ...ETAG, Location: "The entry, relative to this URL." },
          },
          errors: [
            "INVALID_REQUEST",
            "CONFLICT",
            "DUPLICATE_EXTERNAL_ID",
            "IDEMPOTENCY_KEY_REUSED",
            "OUTCOME_UNKNOWN",
          ],
        },
        handle: async ({ req, principal, requestId, deadline }) => {
          const key = idempotencyKey(req);
          const body = jsonObjectBody(req, ["application/json"]);
          const input = parseOrThrow(createEntrySchema, body, "entry");
          const idempotency = key
            ? { keyHash: idempotencyKeyHash(key), requestHash: requestFingerprint(body) }
            : null;
          const { entry, replayed } = await createEntry(ledger, principal.partnerId, input, idempotency, {
            actor: actorOf(principal, requestId),
            deadline,
          });
          return {
            status: 201,
            body: entry,
            headers: {
              // Relative to the request URL (…/v1/entries), so it holds behind any function URL prefix.
              Location: `entries/${entry.id}`,
              ETag: etagOf(entry),
              ...(replayed ? { "Idempotent-Replayed": "true" } : {}),
            },
          };
        },
      },
    },
    {
      method: "GET",
      path: "/v1/entries/:id",
      handler: {
        access: "entries:read",
        doc: {
          operationId: "getEntry",
          summary: "Get an entry",
          description: "One of the partner's entries; another partner's is 404.",
          pathParameters: ENTRY_ID,
          success: { status: 200, description: "The entry.", schema: entrySchema, headers: ETAG },
          errors: ["NOT_FOUND"],
        },
        handle: async ({ params, principal }) => {
          const entry = await getEntry(ledger, principal.partnerId, idParam(params));
          return ok(entry, { ETag: etagOf(entry) });
        },
      },
    },
    {
      method: "GET",
      path: "/v1/entries/:id/versions",
      handler: {
        access: "entries:read",
        doc: {
          operationId: "listEntryVersions",
          summary: "List an entry's history",
          description:
            "The entry's history, oldest first: every create and change made through the API, with who " +
            "made it (uid, partnerId, requestId), when, and each changed field's before and after. Pass " +
            "nextPageToken as pageToken for the next page; another partner's entry is 404.",
          pathParameters: ENTRY_ID,
          query: listEntriesQuerySchema,
          success: { status: 200, description: "A page of versions.", schema: entryVersionPageSchema },
          errors: ["NOT_FOUND"],
        },
        handle: async ({ req, params, principal }) => {
          const query = parseOrThrow(listEntriesQuerySchema, req.query, "query");
          return ok(await listEntryVersions(ledger, principal.partnerId, idParam(params), query));
        },
      },
    },
    {
      method: "PATCH",
      path: "/v1/entries/:id",
      handler: {
        access: "entries:write",
        doc: {
          operationId: "updateEntry",
          summary: "Correct or void an entry",
          description: "Corrects description or category, or voids the entry.",
          pathParameters: ENTRY_ID,
          headers: [
            {
              name: "If-Match",
              description: "Applies the change only if the entry's ETag is one of these (or *).",
              schema: { type: "string" },
            },
          ],
          body: updateEntrySchema,
          bodyMediaTypes: PATCH_MEDIA_TYPES,
          success: { status: 200, description: "The updated entry.", schema: entrySchema, headers: ETAG },
          errors: ["NOT_FOUND", "CONFLICT", "PRECONDITION_FAILED", "OUTCOME_UNKNOWN"],
        },
        handle: async ({ req, params, principal, requestId, deadline }) => {
          const body = jsonObjectBody(req, PATCH_MEDIA_TYPES);
          const patch = parseOrThrow(updateEntrySchema, body, "update");
          const precondition = ifMatchPrecondition(req.get("if-match"));
          const entry = await updateEntry(ledger, principal.partnerId, idParam(params), patch, precondition, {
            actor: actorOf(principal, requestId),
            deadline,
          });
          return ok(entry, { ETag: etagOf(entry) });
        },
      },
    },
  ];
}

/** The route table as the OpenAPI document reads it. */
export function documented(routes: Route<RouteHandler>[]): DocumentedRoute[] {
  return routes.map(({ method, path, handler }) => ({
    method,
    path,
    access: handler.access,
    doc: handler.doc,
  }));
}

/** Who makes a write, as the entry's history records it. */
function actorOf(principal: Principal, requestId: string): Actor {
  return { uid: principal.uid, partnerId: principal.partnerId, requestId };
}

/** The route's `:id`. */
export function idParam(params: Record<string, string>): string {
  // Stryker disable next-line StringLiteral: unreachable, as the router matches a route only with every parameter non-empty
  return params.id ?? "";
}

function ok(body: unknown, headers?: Record<string, string>): Reply {
  return { status: 200, body, ...(headers ? { headers } : {}) };
}

function idempotencyKey(req: Request): string | null {
  const key = req.get("idempotency-key");
  // Stryker disable next-line ConditionalExpression: equivalent, as RegExp#test reads undefined as "undefined", which passes, and the caller treats the undefined key as absent
  if (key === undefined) return null;
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new ApiError("INVALID_REQUEST", "The Idempotency-Key header is invalid.", {
      errors: [{ field: "Idempotency-Key", message: "must be 1-255 visible ASCII characters" }],
    });
  }
  return key;
}
