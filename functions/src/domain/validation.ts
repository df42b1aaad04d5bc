import type { z } from "zod";
import { ApiError, type FieldError } from "../errors.js";

/** At most this many field errors are listed, so an answer stays small whatever a client sends. */
export const MAX_FIELD_ERRORS = 20;
/** Field names longer than this (unknown keys are the client's own) are cut in the answer. */
const MAX_FIELD_NAME_LENGTH = 128;

/** Parses input with a schema, or throws a 400 naming the bad fields (the first MAX_FIELD_ERRORS). */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const errors = fieldErrors(result.error);
  const detail =
    errors.length > MAX_FIELD_ERRORS
      ? `The ${what} is invalid: ${errors.length} problems, the first ${MAX_FIELD_ERRORS} listed.`
      : `The ${what} is invalid.`;
  throw new ApiError("INVALID_REQUEST", detail, { errors: errors.slice(0, MAX_FIELD_ERRORS) });
}

function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue) => {
    const at = issue.path.map(String);
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ field: fieldName([...at, key]), message: "is not a known field" }));
    }
    return [{ field: fieldName(at) || "(root)", message: issue.message }];
  });
}

function fieldName(path: string[]): string {
  const name = path.join(".");
  return name.length > MAX_FIELD_NAME_LENGTH ? `${name.slice(0, MAX_FIELD_NAME_LENGTH)}…` : name;
}
