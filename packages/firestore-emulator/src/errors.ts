import { status } from "@grpc/grpc-js";

/** An error the emulator answers with, carrying the gRPC status code the real service would use. */
export class FirestoreError extends Error {
  constructor(
    readonly code: status,
    message: string,
  ) {
    super(message);
    this.name = "FirestoreError";
  }
}

/** Throws INVALID_ARGUMENT unless `condition` holds; narrows types like a plain assert. */
export function assertArgument(condition: unknown, message: string): asserts condition {
  if (!condition) throw new FirestoreError(status.INVALID_ARGUMENT, message);
}

export const invalidArgument = (message: string) => new FirestoreError(status.INVALID_ARGUMENT, message);
export const notFound = (message: string) => new FirestoreError(status.NOT_FOUND, message);
export const alreadyExists = (message: string) => new FirestoreError(status.ALREADY_EXISTS, message);
export const failedPrecondition = (message: string) =>
  new FirestoreError(status.FAILED_PRECONDITION, message);
export const aborted = (message: string) => new FirestoreError(status.ABORTED, message);
