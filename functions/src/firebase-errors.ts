/**
 * The one table of firebase-admin failures this product reacts to, shared by the API (503, 409, 401)
 * and the claims CLI (retries, "no such user"). Firestore reports gRPC status numbers; Auth and the
 * app layer report "service/reason" strings. A code missing here is a permanent failure to report.
 */
export type FirebaseErrorKind =
  /** The backend is down, overloaded or slow: worth retrying after a pause. */
  | "unavailable"
  /** A transaction lost to concurrent ones more often than the SDK retries: worth retrying at once. */
  | "contention"
  /** An ID token a client can replace by signing in again. */
  | "invalid-token"
  | "user-not-found"
  | "already-exists";

/** The gRPC status codes Firestore fails with that this product meets (google.rpc.Code). */
export const GRPC_STATUS = {
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  RESOURCE_EXHAUSTED: 8,
  ABORTED: 10,
  UNAVAILABLE: 14,
} as const;

const KINDS: ReadonlyMap<string | number, FirebaseErrorKind> = new Map<string | number, FirebaseErrorKind>([
  [GRPC_STATUS.DEADLINE_EXCEEDED, "unavailable"],
  [GRPC_STATUS.RESOURCE_EXHAUSTED, "unavailable"],
  [GRPC_STATUS.UNAVAILABLE, "unavailable"],
  ["app/network-error", "unavailable"],
  ["app/network-timeout", "unavailable"],
  ["auth/internal-error", "unavailable"],
  ["auth/quota-exceeded", "unavailable"],
  [GRPC_STATUS.ABORTED, "contention"],
  ["auth/argument-error", "invalid-token"],
  ["auth/id-token-expired", "invalid-token"],
  ["auth/id-token-revoked", "invalid-token"],
  ["auth/invalid-id-token", "invalid-token"],
  ["auth/user-disabled", "invalid-token"],
  ["auth/user-not-found", "user-not-found"],
  [GRPC_STATUS.ALREADY_EXISTS, "already-exists"],
  // A task queue refusing a second task with one id (Cloud Tasks, and its emulator).
  ["functions/task-already-exists", "already-exists"],
]);

/** The firebase-admin error code of a failure (a gRPC number or an "auth/…" string), if it has one. */
export function firebaseErrorCode(error: unknown): string | number | undefined {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === "string" || typeof code === "number" ? code : undefined;
}

/** What a firebase-admin failure means, or null for one this product does not expect. */
export function firebaseErrorKind(error: unknown): FirebaseErrorKind | null {
  const code = firebaseErrorCode(error);
  return code === undefined ? null : (KINDS.get(code) ?? null);
}

/** Whether repeating the failed call may succeed (backend trouble or transaction contention). */
export function isTransient(error: unknown): boolean {
  const kind = firebaseErrorKind(error);
  return kind === "unavailable" || kind === "contention";
}
