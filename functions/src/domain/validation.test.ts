import { z } from "zod";
import { describe, expect, it } from "vitest";
import { ApiError } from "../errors.js";
import { MAX_FIELD_ERRORS, parseOrThrow } from "./validation.js";

const schema = z.strictObject({ name: z.string() });

function refusal(input: unknown): ApiError {
  try {
    parseOrThrow(schema, input, "thing");
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  }
  throw new Error("expected a refusal");
}

describe("parseOrThrow", () => {
  it("names every bad field when there are few", () => {
    const error = refusal({ name: 1, extra: true });
    expect(error.detail).toBe("The thing is invalid.");
    expect(error.errors?.map(({ field }) => field).sort()).toEqual(["extra", "name"]);
  });

  it("lists the first errors only, says how many there were, and cuts long field names", () => {
    const input = Object.fromEntries(
      Array.from({ length: 5_000 }, (_, index) => [`${"k".repeat(500)}${index}`, 0]),
    );
    const error = refusal({ name: "ok", ...input });
    expect(error.errors).toHaveLength(MAX_FIELD_ERRORS);
    expect(error.detail).toBe(`The thing is invalid: 5000 problems, the first ${MAX_FIELD_ERRORS} listed.`);
    expect(error.errors?.[0]?.field).toBe(`${"k".repeat(128)}…`);
    expect(JSON.stringify(error.toProblem("req_1")).length).toBeLessThan(4_096);
  });
});
