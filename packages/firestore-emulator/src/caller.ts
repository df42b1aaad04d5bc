import { status, type Metadata } from "@grpc/grpc-js";
import { callerFromAuthorization, InvalidCredential, type Caller } from "@partner-api/caller-identity";
import { FirestoreError } from "./errors.js";

// Who called: one reading of credentials shared with the Storage emulator (packages/caller-identity).
export { ANONYMOUS, PRIVILEGED } from "@partner-api/caller-identity";
export type { Caller, RulesAuth } from "@partner-api/caller-identity";

/** The caller of a request from its `authorization` metadata; an invalid credential is UNAUTHENTICATED. */
export function callerFromMetadata(metadata: Metadata): Caller {
  const header = metadata.get("authorization")[0];
  try {
    return callerFromAuthorization(typeof header === "string" ? header : undefined);
  } catch (error) {
    if (error instanceof InvalidCredential) throw new FirestoreError(status.UNAUTHENTICATED, error.message);
    throw error;
  }
}
