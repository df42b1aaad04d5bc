import { setTimeout as sleep } from "node:timers/promises";
import { isTransient } from "partner-api-functions/shared";

/**
 * Runs an idempotent operation, retrying transient failures (firebase-admin's one table of them, shared
 * with the API) with exponential backoff and jitter. Only for operations that are safe to repeat
 * (setting a whole claims object, revoking tokens, writing a document at a chosen id).
 */
export async function withRetry<T>(
  operation: () => Promise<T>,
  { attempts = 4, baseDelayMs = 200 }: { attempts?: number; baseDelayMs?: number } = {},
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (attempt >= attempts || !isTransient(error)) throw error;
      await sleep(baseDelayMs * 2 ** (attempt - 1) * (0.5 + Math.random()));
    }
  }
}

/**
 * The same port with every operation run through `withRetry`. Only for ports whose operations are all
 * safe to repeat: the revocation records, the partners (a create that finds its own earlier attempt
 * answers "not created", as a concurrent run's would) and the audit log (a record's id is chosen before
 * its write).
 */
export function retrying<Port extends object>(port: Port): Port {
  return Object.fromEntries(
    Object.entries(port).map(([name, operation]) => [
      name,
      typeof operation === "function"
        ? (...args: unknown[]) =>
            withRetry(() => (operation as (...a: unknown[]) => Promise<unknown>)(...args))
        : operation,
    ]),
  ) as Port;
}
