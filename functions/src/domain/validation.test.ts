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

  it(`lists all of exactly ${MAX_FIELD_ERRORS} errors without the count, and the count from one more`, () => {
    const keys = (count: number) =>
      Object.fromEntries(Array.from({ length: count }, (_, index) => [`k${index}`, 0]));
    const exactly = refusal({ name: "ok", ...keys(MAX_FIELD_ERRORS) });
    expect(exactly.detail).toBe("The thing is invalid.");
    expect(exactly.errors).toHaveLength(MAX_FIELD_ERRORS);
    const over = refusal({ name: "ok", ...keys(MAX_FIELD_ERRORS + 1) });
    expect(over.detail).toBe(
      `The thing is invalid: ${MAX_FIELD_ERRORS + 1} problems, the first ${MAX_FIELD_ERRORS} listed.`,
    );
  });

  it("keeps a field name of 128 characters whole and cuts one of 129", () => {
    const error = refusal({ name: "ok", ["a".repeat(128)]: 0, ["b".repeat(129)]: 0 });
    expect(error.errors?.map(({ field }) => field)).toEqual(["a".repeat(128), `${"b".repeat(128)}…`]);
  });

  it("names each string that is not well-formed Unicode, in values, arrays and names, before the schema runs", () => {
    const lone = "\ud800";
    const error = refusal({ name: `a${lone}`, list: [1, null, "ok", `\udc00b`], [`k${lone}`]: true, n: 2 });
    expect(error.errors).toEqual([
      { field: "name", message: "is not well-formed Unicode (it holds a lone UTF-16 surrogate)" },
      { field: "list.3", message: "is not well-formed Unicode (it holds a lone UTF-16 surrogate)" },
      { field: `k${lone}`, message: "is not well-formed Unicode (it holds a lone UTF-16 surrogate)" },
    ]);
    expect(refusal(lone).errors).toEqual([
      { field: "(root)", message: "is not well-formed Unicode (it holds a lone UTF-16 surrogate)" },
    ]);
    expect(parseOrThrow(schema, { name: "paired 💥 ünï" }, "thing")).toEqual({ name: "paired 💥 ünï" });
  });
});
