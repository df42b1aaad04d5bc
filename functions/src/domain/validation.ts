import type { z } from "zod";
import { ApiError, type FieldError } from "../errors.js";

/** Parses input with a schema, or throws a 400 naming every bad field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ApiError("INVALID_REQUEST", `The ${what} is invalid.`, { errors: fieldErrors(result.error) });
}

function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue) => {
    const at = issue.path.map(String);
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ field: [...at, key].join("."), message: "is not a known field" }));
    }
    return [{ field: at.join(".") || "(root)", message: issue.message }];
  });
}
