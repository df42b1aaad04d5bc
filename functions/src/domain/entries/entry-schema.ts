import { z } from "zod";
import { MAX_PAGE_TOKEN_LENGTH } from "../page-token.js";
import { isStorableInstant } from "../timestamp-range.js";

/**
 * The Entry contract, written once: handlers validate with these schemas and
 * /v1/openapi.json is generated from them, so the two cannot drift apart.
 */

export const ENTRY_TYPES = ["income", "expense"] as const;
export const ENTRY_STATUSES = ["posted", "void"] as const;
export const MAX_AMOUNT_MINOR = 1_000_000_000_000;

// Intl knows the ISO 4217 codes, so a typo like "EUX" is refused rather than stored.
const ISO_4217 = new Set(Intl.supportedValuesOf("currency"));

// An externalId is unique per partner: it names the document partners/{p}/externalIds/{externalId}
// that holds it (firestore.rules checks the same document for direct writers), so it must be a valid
// Firestore document id: no '/', not '.' or '..', not __reserved__.
const externalId = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[^/]+$/, "must not contain '/'")
  .refine((id) => id !== "." && id !== ".." && !/^__.*__$/.test(id), "must not be '.', '..' or __name__")
  .describe("The partner's own reference, e.g. a POS receipt id; unique per partner.");
const description = z.string().max(500);
const category = z.string().max(64);

/** An RFC 3339 timestamp with an offset, naming an instant a Firestore timestamp can hold. */
const instantSchema = z.iso
  .datetime({ offset: true })
  .refine(
    (value) => isStorableInstant(Date.parse(value)),
    "must lie between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z (UTC)",
  );

export const createEntrySchema = z.strictObject({
  externalId: externalId.optional(),
  type: z.enum(ENTRY_TYPES),
  amountMinor: z.int().min(1).max(MAX_AMOUNT_MINOR).describe("Amount in minor units (cents)."),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, "must be three upper-case letters")
    .refine((code) => ISO_4217.has(code), "must be an ISO 4217 currency code")
    .describe("ISO 4217 code, e.g. EUR."),
  description,
  category,
  occurredAt: instantSchema.describe(
    "RFC 3339 timestamp, between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z in UTC.",
  ),
});
export type CreateEntryInput = z.infer<typeof createEntrySchema>;

export const updateEntrySchema = z
  .strictObject({
    description: description.optional(),
    category: category.optional(),
    status: z.literal("void").optional().describe("Voids the entry; a void entry cannot be posted again."),
  })
  .refine(
    (patch) => Object.keys(patch).length > 0,
    "must change at least one of description, category, status",
  );
export type UpdateEntryInput = z.infer<typeof updateEntrySchema>;

export const entrySchema = z.object({
  id: z.string(),
  partnerId: z.string(),
  externalId: externalId.nullable(),
  type: z.enum(ENTRY_TYPES),
  amountMinor: z.int(),
  currency: z.string(),
  description,
  category,
  occurredAt: z.iso.datetime(),
  status: z.enum(ENTRY_STATUSES),
  version: z.int().min(1),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Entry = z.infer<typeof entrySchema>;

export const listEntriesQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  pageToken: z.string().min(1).max(MAX_PAGE_TOKEN_LENGTH).optional().describe("Opaque; from nextPageToken."),
});
export type ListEntriesQuery = z.infer<typeof listEntriesQuerySchema>;

export const entryPageSchema = z.object({ data: z.array(entrySchema), nextPageToken: z.string().nullable() });

export const meSchema = z.object({
  uid: z.string(),
  partnerId: z.string(),
  scopes: z.array(z.string()),
  tokenExpiresAt: z.iso.datetime(),
});
