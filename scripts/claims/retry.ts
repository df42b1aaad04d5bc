import { setTimeout as sleep } from "node:timers/promises";

// Errors worth another try: quota, overload and network trouble. Everything else is an answer, not noise.
const TRANSIENT_AUTH_CODES = new Set([
  "auth/internal-error",
  "auth/quota-exceeded",
  "app/network-error",
  "app/network-timeout",
]);
// gRPC status codes Firestore uses for the same: DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED, UNAVAILABLE.
const TRANSIENT_GRPC_CODES = new Set([4, 8, 10, 14]);

/** Whether an error from firebase-admin (Auth or Firestore) is worth retrying. */
export function isTransient(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string") return TRANSIENT_AUTH_CODES.has(code);
  if (typeof code === "number") return TRANSIENT_GRPC_CODES.has(code);
  return false;
}

/**
 * Runs an idempotent operation, retrying transient failures with exponential backoff and jitter.
 * Only for operations that are safe to repeat (setting a whole claims object, revoking tokens).
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
