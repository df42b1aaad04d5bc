/**
 * The seam for a future security-rules check. Every RPC calls the emulator's `authorize` hook (if any)
 * with the decoded request before touching data; a hook denies by throwing (a FirestoreError such as
 * PERMISSION_DENIED reaches the client as is). Admin SDKs talking to an emulator send the bearer token
 * "owner", which a rules check must let through; client SDKs send the user's ID token.
 */
export interface AccessRequest {
  /** The RPC, e.g. "Commit", "RunQuery", "Listen". */
  readonly method: string;
  /** The bearer token of the call, without the "Bearer " prefix; null when the call carries none. */
  readonly token: string | null;
  /** The decoded request message (for Listen, each client message). */
  readonly request: unknown;
}

/** Allows a request by returning, denies it by throwing. */
export type Authorizer = (access: AccessRequest) => void | Promise<void>;
