import { expect } from "vitest";
import { ApiError } from "../errors.js";

/** The ApiError a domain call rejects with, for tests that check its code, detail and headers. */
export async function apiErrorOf(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}
