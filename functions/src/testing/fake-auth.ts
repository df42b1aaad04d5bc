import type { CurrentUser, VerifiedToken } from "../domain/partner-access.js";

/**
 * Firebase Auth as the partner API uses it (verifyIdToken with the revocation check, getUser), in
 * memory. Tokens are JWT-shaped opaque strings; rejections carry firebase-admin's error codes.
 */
export interface FakeAuth {
  /** Creates or replaces a user's custom claims, as setCustomUserClaims does. */
  setClaims(uid: string, claims: Record<string, unknown>): void;
  /**
   * A fresh ID token carrying the user's claims as they are now, valid for an hour, and a custom
   * token's developer claims (which, as in the Auth emulator, win over a user claim of the same name).
   */
  issueToken(uid: string, developerClaims?: Record<string, unknown>): string;
  /** The claims an issued token carries (what its JWT payload says). */
  claimsOf(token: string): Record<string, unknown>;
  /** Revokes the user's refresh tokens: tokens issued so far fail with auth/id-token-revoked. */
  revoke(uid: string): void;
  /** Makes every later call fail with this firebase-admin code (an outage), or heals it with null. */
  fail(code: string | null): void;
  verifyIdToken(token: string): Promise<VerifiedToken>;
  getUser(uid: string): Promise<CurrentUser>;
  /** How many times each method was called, so tests can see what did not happen. */
  readonly calls: { verifyIdToken: number; getUser: number };
}

interface IssuedToken {
  uid: string;
  claims: Record<string, unknown>;
  issuedAtMs: number;
  expiresAtMs: number;
}

const authError = (code: string) => Object.assign(new Error(code), { code });

/** A fake Auth whose tokens expire and revoke by the given clock. */
export function createFakeAuth(clock: () => Date): FakeAuth {
  const users = new Map<string, { claims: Record<string, unknown>; validAfterMs: number }>();
  const tokens = new Map<string, IssuedToken>();
  const calls = { verifyIdToken: 0, getUser: 0 };
  let outage: string | null = null;

  return {
    calls,
    setClaims(uid, claims) {
      users.set(uid, { claims, validAfterMs: users.get(uid)?.validAfterMs ?? 0 });
    },
    issueToken(uid, developerClaims = {}) {
      const user = users.get(uid);
      if (!user) throw new Error(`no such user: ${uid}`);
      const now = clock().getTime();
      const token = `fake.${Buffer.from(`${uid}:${tokens.size}`).toString("base64url")}.sig`;
      const claims = { ...user.claims, ...developerClaims };
      tokens.set(token, { uid, claims, issuedAtMs: now, expiresAtMs: now + 3_600_000 });
      return token;
    },
    claimsOf(token) {
      return { ...tokens.get(token)?.claims };
    },
    revoke(uid) {
      const user = users.get(uid);
      if (user) user.validAfterMs = clock().getTime() + 1;
    },
    fail(code) {
      outage = code;
    },
    async verifyIdToken(token) {
      calls.verifyIdToken++;
      if (outage) throw authError(outage);
      const issued = tokens.get(token);
      if (!issued) throw authError("auth/argument-error");
      const user = users.get(issued.uid);
      if (!user) throw authError("auth/user-not-found");
      if (issued.expiresAtMs <= clock().getTime()) throw authError("auth/id-token-expired");
      if (issued.issuedAtMs < user.validAfterMs) throw authError("auth/id-token-revoked");
      return { ...issued.claims, uid: issued.uid, exp: Math.floor(issued.expiresAtMs / 1000) };
    },
    async getUser(uid) {
      calls.getUser++;
      if (outage) throw authError(outage);
      const user = users.get(uid);
      if (!user) throw authError("auth/user-not-found");
      return { customClaims: user.claims };
    },
  };
}
