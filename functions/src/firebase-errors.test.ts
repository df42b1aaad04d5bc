import { describe, expect, it } from "vitest";
import { firebaseErrorCode, firebaseErrorKind, GRPC_STATUS, isTransient } from "./firebase-errors.js";

const failure = (code: unknown) => Object.assign(new Error("failed"), { code });

describe("firebaseErrorKind", () => {
  it.each([
    [GRPC_STATUS.DEADLINE_EXCEEDED, "unavailable"],
    [GRPC_STATUS.RESOURCE_EXHAUSTED, "unavailable"],
    [GRPC_STATUS.UNAVAILABLE, "unavailable"],
    ["app/network-error", "unavailable"],
    ["app/network-timeout", "unavailable"],
    ["auth/internal-error", "unavailable"],
    ["auth/quota-exceeded", "unavailable"],
    [GRPC_STATUS.ABORTED, "contention"],
    ["auth/id-token-expired", "invalid-token"],
    ["auth/id-token-revoked", "invalid-token"],
    ["auth/invalid-id-token", "invalid-token"],
    ["auth/argument-error", "invalid-token"],
    ["auth/user-disabled", "invalid-token"],
    ["auth/user-not-found", "user-not-found"],
    [GRPC_STATUS.ALREADY_EXISTS, "already-exists"],
  ])("classifies code %j as %s", (code, kind) => {
    expect(firebaseErrorKind(failure(code))).toBe(kind);
  });

  it("knows nothing of other codes, code-less errors and non-errors", () => {
    for (const error of [failure(3), failure("auth/email-already-exists"), new Error("x"), null, "x"]) {
      expect(firebaseErrorKind(error)).toBeNull();
    }
  });
});

describe("isTransient", () => {
  it("retries backend trouble and contention, and nothing a retry cannot fix", () => {
    expect(isTransient(failure(GRPC_STATUS.UNAVAILABLE))).toBe(true);
    expect(isTransient(failure("auth/quota-exceeded"))).toBe(true);
    expect(isTransient(failure(GRPC_STATUS.ABORTED))).toBe(true);
    expect(isTransient(failure(GRPC_STATUS.ALREADY_EXISTS))).toBe(false);
    expect(isTransient(failure("auth/id-token-revoked"))).toBe(false);
    expect(isTransient(failure("auth/user-not-found"))).toBe(false);
    expect(isTransient(new Error("bug"))).toBe(false);
  });
});

describe("firebaseErrorCode", () => {
  it("reads string and numeric codes and ignores any other shape", () => {
    expect(firebaseErrorCode(failure("auth/user-not-found"))).toBe("auth/user-not-found");
    expect(firebaseErrorCode(failure(14))).toBe(14);
    expect(firebaseErrorCode(failure({ nested: 1 }))).toBeUndefined();
    expect(firebaseErrorCode(undefined)).toBeUndefined();
  });
});
