import { initializeApp, type App } from "firebase-admin/app";
import { getAuth, type DecodedIdToken } from "firebase-admin/auth";
import type { Response } from "express";
import type { Request } from "firebase-functions/v2/https";

/** The one firebase-admin app of the bench handlers' instance. */
let app: App | undefined;
export const adminApp = (): App => (app ??= initializeApp());

/**
 * The token check the baseline and naive handlers share: the ID token verified with the revocation
 * check, exactly as the partner API verifies it on a cache miss, with no caching. Answers 401 itself
 * and returns null when the token is missing or invalid.
 */
export async function verifiedCaller(req: Request, res: Response): Promise<DecodedIdToken | null> {
  const token = /^Bearer (\S+)$/.exec(req.get("authorization") ?? "")?.[1];
  try {
    if (token) return await getAuth(adminApp()).verifyIdToken(token, true);
  } catch {
    // Fall through to the 401.
  }
  res.status(401).json({ error: "unauthenticated" });
  return null;
}
