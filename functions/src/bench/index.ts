import { onRequest } from "firebase-functions/v2/https";
import type { Response } from "express";
import type { Request } from "firebase-functions/v2/https";

/**
 * The benchmark's comparison handlers (never deployed: functions/src/index.ts exports them only in the
 * emulator with PARTNER_API_BENCH=1). Like partnerApi, each loads firebase-admin on its first request.
 */

type Handler = (req: Request, res: Response) => Promise<void>;

const options = { region: "us-central1", invoker: "public" } as const;

function lazily(load: () => Promise<Handler>) {
  let handler: Promise<Handler> | undefined;
  return async (req: Request, res: Response) => {
    handler ??= load();
    await (
      await handler
    )(req, res);
  };
}

/** Token-only baseline: verifies the ID token (with the revocation check) and answers a tiny JSON. */
export const baseline = onRequest(
  options,
  lazily(() => import("./baseline.js").then(({ createBaselineHandler }) => createBaselineHandler())),
);

/** The whole-collection pattern partners are usually given, behind the same token check. */
export const naive = onRequest(
  options,
  lazily(() => import("./naive.js").then(({ createNaiveHandler }) => createNaiveHandler())),
);

/** The floor of any HTTPS function on this stack: answers a tiny JSON, loading and checking nothing. */
export const minimal = onRequest(options, (_req, res) => {
  res.status(200).json({ ok: true });
});
