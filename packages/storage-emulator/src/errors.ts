// The one error type of the emulator. Handlers throw it; the server's error boundary turns it into
// the JSON error body the Firebase SDKs parse (`{"error":{"code","message"}}`).

/** Every error code and its HTTP status; the SDK maps 403 to storage/unauthorized, 404 to object-not-found. */
const STATUS = {
  BAD_REQUEST: 400,
  QUOTA_EXCEEDED: 402,
  PERMISSION_DENIED: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  PAYLOAD_TOO_LARGE: 413,
  RANGE_NOT_SATISFIABLE: 416,
  NOT_IMPLEMENTED: 501,
  UNAVAILABLE: 503,
} as const satisfies Record<string, number>;

export type StorageErrorCode = keyof typeof STATUS;

export class StorageError extends Error {
  constructor(
    readonly code: StorageErrorCode,
    message: string,
    /** Headers the answer must carry, e.g. Content-Range on a 416. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = "StorageError";
  }

  get status(): number {
    return STATUS[this.code];
  }

  toJSON(): { error: { code: number; message: string } } {
    return { error: { code: this.status, message: this.message } };
  }
}

/** Validates and narrows in one line: `assert(name !== undefined, "BAD_REQUEST", "...")`. */
export function assert(condition: unknown, code: StorageErrorCode, message: string): asserts condition {
  if (!condition) throw new StorageError(code, message);
}
