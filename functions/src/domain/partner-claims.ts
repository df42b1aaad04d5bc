import { z } from "zod";

/** Scopes a partner may hold; each guards one family of API routes and rules. */
export const SCOPES = ["entries:read", "entries:write", "webhooks:manage"] as const;
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

/**
 * A token narrowed by the token endpoint (`scope=entries:read`) carries its scopes as this developer
 * claim of the custom token it was exchanged for, beside the user's `scopes`. It can only narrow: a
 * token may use the scopes in both (tokenScopesOf; the rules' hasScope says the same). A distinct name,
 * so it never meets a custom claim of the user's, whichever of the two Identity Toolkit lets win.
 */
export const TOKEN_SCOPES_CLAIM = "tokenScopes";

/**
 * The scopes a token may use: its `scopes`, narrowed to its `tokenScopes` when it has that claim (a
 * claim that is not a list narrows to nothing, as the rules read it).
 */
export function tokenScopesOf(claims: Record<string, unknown>): Scope[] {
  const scopes = claims.scopes;
  const held = Array.isArray(scopes) ? SCOPES.filter((scope) => scopes.includes(scope)) : [];
  if (!(TOKEN_SCOPES_CLAIM in claims)) return held;
  const narrowed = claims[TOKEN_SCOPES_CLAIM];
  return Array.isArray(narrowed) ? held.filter((scope) => narrowed.includes(scope)) : [];
}

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

/**
 * Firebase Auth refuses custom claims whose JSON exceeds this many bytes (UTF-8). firebase-admin's own
 * check counts characters, so claims with multi-byte characters could pass it and still be refused.
 */
export const MAX_CLAIMS_JSON_BYTES = 1000;

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
  const bytes = Buffer.byteLength(JSON.stringify(claims));
  if (bytes > MAX_CLAIMS_JSON_BYTES) {
    return `claims would be ${bytes} bytes of JSON (UTF-8); Firebase allows at most ${MAX_CLAIMS_JSON_BYTES}`;
  }
  return null;
}
