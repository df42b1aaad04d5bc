// Regular expressions run on RE2 (re2js), as on the service: linear time, no backreferences
// or lookaround, and `matches` is a full match. Compiled patterns are cached per pattern text.
import { RE2JS } from "re2js";
import { RuleError } from "../errors.js";

const cache = new Map<string, RE2JS>();

export function compileRegex(pattern: string): RE2JS {
  let re = cache.get(pattern);
  if (!re) {
    try {
      re = RE2JS.compile(pattern);
    } catch (e) {
      throw new RuleError(`invalid regular expression ${JSON.stringify(pattern)}: ${(e as Error).message}`);
    }
    cache.set(pattern, re);
  }
  return re;
}
