import type { Response } from "express";
import type { Request } from "firebase-functions/v2/https";
import { verifiedCaller } from "./caller.js";

/** Verifies the token and answers a tiny JSON: the floor any authenticated handler pays. */
export function createBaselineHandler() {
  return async (req: Request, res: Response): Promise<void> => {
    const caller = await verifiedCaller(req, res);
    if (caller) res.status(200).json({ ok: true });
  };
}
