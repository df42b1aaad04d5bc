import type { z } from "zod";
import { ApiError, type FieldError } from "../errors.js";

/** At most this many field errors are listed, so an answer stays small whatever a client sends. */
export const MAX_FIELD_ERRORS = 20;
/** Field names longer than this (unknown keys are the client's own) are cut in the answer. */
const MAX_FIELD_NAME_LENGTH = 128;

/**
 * Parses input with a schema, or throws a 400 naming the bad fields (the first MAX_FIELD_ERRORS).
 * Every string in the input, names included, must be well-formed Unicode first: JSON may spell a lone
 * UTF-16 surrogate (`"\ud800"`), which has no UTF-8 form, so Firestore would store U+FFFD in its place
 * (the answer would then differ from what a read returns) or refuse it as a document id.
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const malformed = malformedStrings(input, []);
  const result = malformed.length === 0 ? schema.safeParse(input) : null;
  if (result?.success) return result.data;
  const errors = result ? fieldErrors(result.error) : malformed;
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

// A lone surrogate: a UTF-16 code unit of a pair without its other half.
const LONE_SURROGATE = /\p{Cs}/u;

/** Each string (value or property name) in `value` that is not well-formed Unicode, by its path. */
function malformedStrings(value: unknown, at: string[]): FieldError[] {
  const problem = (path: string[]) => ({
    field: fieldName(path) || "(root)",
    message: "is not well-formed Unicode (it holds a lone UTF-16 surrogate)",
  });
  if (typeof value === "string") return LONE_SURROGATE.test(value) ? [problem(at)] : [];
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    LONE_SURROGATE.test(key) ? [problem([...at, key])] : malformedStrings(inner, [...at, key]),
  );
}
