// Offline evaluator of Firebase Security Rules (rules_version 2) for Cloud Firestore and
// Cloud Storage. Test tooling: production rules run on Google's servers.
import { parse } from "./parser.js";
import { CompiledRuleset, type Ruleset } from "./ruleset.js";
import { FloatValue, LatLngValue, PathValue } from "./values.js";

export { RulesSyntaxError } from "./errors.js";
export type { Ruleset, Decision, JudgedAllow } from "./ruleset.js";
export type { CoverageRow } from "./coverage.js";
export type { RulesRequest } from "./request.js";
export { FloatValue, LatLngValue, PathValue, TimestampValue, DurationValue } from "./values.js";

/** Parses a rules file; throws RulesSyntaxError with the line and column of the problem. */
export function parseRules(source: string): Ruleset {
  return new CompiledRuleset(parse(source));
}

/** A Firestore GeoPoint field value. */
export function latLng(latitude: number, longitude: number): LatLngValue {
  return new LatLngValue(latitude, longitude);
}

/** A Firestore reference field value, e.g. reference("/databases/(default)/documents/users/alice"). */
export function reference(path: string): PathValue {
  return PathValue.parse(path);
}

/** A float field value whose number happens to be integral (JS `1` alone would be an int). */
export function float(value: number): FloatValue {
  return new FloatValue(value);
}
