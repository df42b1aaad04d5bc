import { setTimeout as sleep } from "node:timers/promises";
import { isTransient } from "partner-api-functions/firebase-errors";

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
