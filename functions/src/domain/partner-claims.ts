import { z } from "zod";

/** Scopes a partner may hold; each guards one family of API routes and rules. */
export const SCOPES = ["entries:read", "entries:write"] as const;
export type Scope = (typeof SCOPES)[number];

/** A partner id: 1–64 chars of [a-z0-9-], starting with a letter or digit. */
export const partnerIdSchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{0,63}$/,
    "must be 1-64 characters of a-z, 0-9 and '-', starting with a letter or digit",
  );

export const scopeSchema = z.enum(SCOPES);

/** The custom claims that make a Firebase Auth user a partner. */
export const partnerClaimsSchema = z.object({
  role: z.literal("partner"),
  partnerId: partnerIdSchema,
  scopes: z.array(scopeSchema),
});
export type PartnerClaims = z.infer<typeof partnerClaimsSchema>;

/** The keys this product owns inside a user's custom claims; every other key belongs to someone else. */
export const PARTNER_CLAIM_KEYS = ["role", "partnerId", "scopes"] as const;

/** Names Firebase refuses as custom claims (mirrors firebase-admin's list, so we fail before calling it). */
export const RESERVED_CLAIM_NAMES: ReadonlySet<string> = new Set([
  "acr",
  "amr",
  "at_hash",
  "aud",
  "auth_time",
  "azp",
  "cnf",
  "c_hash",
  "exp",
  "iat",
  "iss",
  "jti",
  "nbf",
  "nonce",
  "sub",
  "firebase",
]);

/** firebase-admin rejects custom claims whose JSON serialization exceeds this many characters. */
export const MAX_CLAIMS_JSON_LENGTH = 1000;

type Claims = Record<string, unknown>;

/** Merges partner claims into a user's existing claims, keeping every unrelated claim. */
export function mergePartnerClaims(existing: Claims | undefined, partner: PartnerClaims): Claims {
  return { ...existing, ...partner };
}

/** Removes only the partner claims from a user's claims. */
export function withoutPartnerClaims(existing: Claims | undefined): Claims {
  const partnerKeys: ReadonlySet<string> = new Set(PARTNER_CLAIM_KEYS);
  return Object.fromEntries(Object.entries(existing ?? {}).filter(([key]) => !partnerKeys.has(key)));
}

/** Why a claims object cannot be written to Firebase Auth, or null when it can. */
export function claimsProblem(claims: Claims): string | null {
  const reserved = Object.keys(claims).filter((key) => RESERVED_CLAIM_NAMES.has(key));
  if (reserved.length > 0) return `reserved claim name(s): ${reserved.join(", ")}`;
  const length = JSON.stringify(claims).length;
  if (length > MAX_CLAIMS_JSON_LENGTH) {
    return `claims would be ${length} characters of JSON; Firebase allows at most ${MAX_CLAIMS_JSON_LENGTH}`;
  }
  return null;
}
