import type { Request } from "firebase-functions/v2/https";
import { createEntry, getEntry, listEntries, updateEntry, type LedgerDeps } from "../domain/entries.js";
import { createEntrySchema, listEntriesQuerySchema, updateEntrySchema } from "../domain/entry-schema.js";
import { idempotencyKeyHash, requestFingerprint } from "../domain/idempotency.js";
import type { Principal } from "../domain/partner-access.js";
import type { Scope } from "../domain/partner-claims.js";
import { parseOrThrow } from "../domain/validation.js";
import { ApiError } from "../errors.js";
import { etagOf, ifMatchPrecondition } from "./etag.js";
import type { Reply } from "./reply.js";
import { jsonBody } from "./request-body.js";
import type { Route } from "./router.js";

export interface PublicContext {
  req: Request;
  params: Record<string, string>;
  requestId: string;
}

export interface PartnerContext extends PublicContext {
  principal: Principal;
}

/** A public handler, or one for any partner ("partner") or a partner holding a scope. */
export type RouteHandler =
  | { access: "public"; handle: (context: PublicContext) => Promise<Reply> | Reply }
  | { access: "partner" | Scope; handle: (context: PartnerContext) => Promise<Reply> | Reply };

// Idempotency keys are 1..255 visible ASCII characters, as in the contract.
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** The /v1 route table: each handler parses its input, calls the domain and shapes the reply. */
export function v1Routes(ledger: LedgerDeps, openApiDocument: () => unknown): Route<RouteHandler>[] {
  return [
    { method: "GET", path: "/v1/health", handler: { access: "public", handle: () => ok({ status: "ok" }) } },
    {
      method: "GET",
      path: "/v1/openapi.json",
      handler: { access: "public", handle: () => ok(openApiDocument()) },
    },
    {
      method: "GET",
      path: "/v1/me",
      handler: {
        access: "partner",
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
        handle: async ({ req, principal }) => {
          const key = idempotencyKey(req);
          const body = jsonBody(req);
          const input = parseOrThrow(createEntrySchema, body, "entry");
          const idempotency = key
            ? { keyHash: idempotencyKeyHash(key), requestHash: requestFingerprint(body) }
            : null;
          const { entry, replayed } = await createEntry(ledger, principal.partnerId, input, idempotency);
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
        handle: async ({ params, principal }) => {
          const entry = await getEntry(ledger, principal.partnerId, params.id ?? "");
          return ok(entry, { ETag: etagOf(entry) });
        },
      },
    },
    {
      method: "PATCH",
      path: "/v1/entries/:id",
      handler: {
        access: "entries:write",
        handle: async ({ req, params, principal }) => {
          const patch = parseOrThrow(updateEntrySchema, jsonBody(req), "update");
          const precondition = ifMatchPrecondition(req.get("if-match"));
          const entry = await updateEntry(ledger, principal.partnerId, params.id ?? "", patch, precondition);
          return ok(entry, { ETag: etagOf(entry) });
        },
      },
    },
  ];
}

function ok(body: unknown, headers?: Record<string, string>): Reply {
  return { status: 200, body, ...(headers ? { headers } : {}) };
}

function idempotencyKey(req: Request): string | null {
  const key = req.get("idempotency-key");
  if (key === undefined) return null;
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new ApiError("INVALID_REQUEST", "The Idempotency-Key header is invalid.", {
      errors: [{ field: "Idempotency-Key", message: "must be 1-255 visible ASCII characters" }],
    });
  }
  return key;
}
