import {
  createEntry,
  getEntry,
  listEntries,
  listEntryVersions,
  updateEntry,
  type LedgerDeps,
} from "../../domain/entries/entries.js";
import { entryVersionPageSchema, type Actor } from "../../domain/entries/entry-history.js";
import {
  createEntrySchema,
  entryPageSchema,
  entrySchema,
  listEntriesQuerySchema,
  updateEntrySchema,
} from "../../domain/entries/entry-schema.js";
import { idempotencyKeyHash, requestFingerprint } from "../../domain/entries/idempotency.js";
import type { Principal } from "../../domain/access/partner-access.js";
import { ApiError } from "../../errors.js";
import { etagOf, ifMatchPrecondition } from "../etag.js";
import { MERGE_PATCH_MEDIA_TYPES } from "../request-body.js";
import type { Route } from "../router.js";
import { accepting, idParam, ok, type RouteHandler } from "../route.js";

// Idempotency keys are 1..255 visible ASCII characters, as in the contract.
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

const ETAG = { ETag: "Current version, for If-Match." };

const ENTRY_ID = {
  id:
    "The entry's id, percent-encoded: e_… for entries created through the API, any Firestore document id " +
    "(up to 1500 bytes) for entries created directly.",
};

/**
 * The /v1/entries routes: each declares its input (the app validates it), calls the domain and shapes
 * the reply.
 */
export function entryRoutes(ledger: LedgerDeps): Route<RouteHandler>[] {
  return [
    {
      method: "GET",
      path: "/v1/entries",
      handler: {
        access: "entries:read",
        doc: {
          operationId: "listEntries",
          summary: "List entries",
          description: "Newest first; pass nextPageToken as pageToken for the next page.",
          success: { status: 200, description: "A page of entries.", schema: entryPageSchema },
          errors: [],
        },
        ...accepting({ query: listEntriesQuerySchema }, async ({ principal }, { query }) =>
          ok(await listEntries(ledger, principal.partnerId, query)),
        ),
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
        ...accepting(
          {
            headers: {
              "Idempotency-Key": {
                description: "The same key and body within 24 hours replays the first response.",
                schema: { type: "string", minLength: 1, maxLength: 255, pattern: "^[\\x21-\\x7e]+$" },
                parse: idempotencyKey,
              },
            },
            body: { schema: createEntrySchema, name: "entry" },
          },
          async ({ principal, requestId, deadline }, { headers, body, bodyObject }) => {
            const key = headers["Idempotency-Key"];
            const idempotency = key
              ? { keyHash: idempotencyKeyHash(key), requestHash: requestFingerprint(bodyObject) }
              : null;
            const { entry, replayed } = await createEntry(ledger, principal.partnerId, body, idempotency, {
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
        ),
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
          success: { status: 200, description: "A page of versions.", schema: entryVersionPageSchema },
          errors: ["NOT_FOUND"],
        },
        ...accepting({ query: listEntriesQuerySchema }, async ({ params, principal }, { query }) =>
          ok(await listEntryVersions(ledger, principal.partnerId, idParam(params), query)),
        ),
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
          success: { status: 200, description: "The updated entry.", schema: entrySchema, headers: ETAG },
          errors: ["NOT_FOUND", "CONFLICT", "PRECONDITION_FAILED", "OUTCOME_UNKNOWN"],
        },
        ...accepting(
          {
            headers: {
              "If-Match": {
                description: "Applies the change only if the entry's ETag is one of these (or *).",
                schema: { type: "string" },
                parse: ifMatchPrecondition,
              },
            },
            body: { schema: updateEntrySchema, name: "update", mediaTypes: MERGE_PATCH_MEDIA_TYPES },
          },
          async ({ params, principal, requestId, deadline }, { headers, body: patch }) => {
            const precondition = headers["If-Match"];
            const entry = await updateEntry(
              ledger,
              principal.partnerId,
              idParam(params),
              patch,
              precondition,
              {
                actor: actorOf(principal, requestId),
                deadline,
              },
            );
            return ok(entry, { ETag: etagOf(entry) });
          },
        ),
      },
    },
  ];
}

/** Who makes a write, as the entry's history records it. */
function actorOf(principal: Principal, requestId: string): Actor {
  return { uid: principal.uid, partnerId: principal.partnerId, requestId };
}

function idempotencyKey(key: string | undefined): string | null {
  // Stryker disable next-line ConditionalExpression: equivalent, as RegExp#test reads undefined as "undefined", which passes, and the caller treats the undefined key as absent
  if (key === undefined) return null;
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new ApiError("INVALID_REQUEST", "The Idempotency-Key header is invalid.", {
      errors: [{ field: "Idempotency-Key", message: "must be 1-255 visible ASCII characters" }],
    });
  }
  return key;
}
