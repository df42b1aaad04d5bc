// Matching request paths against nested `match` blocks.
//
// Version 2 semantics: `{name=**}` matches zero or more segments and may appear anywhere in a
// pattern. Version 1: it matches one or more and consumes the rest of the path.
// https://firebase.google.com/docs/firestore/security/rules-structure#recursive_wildcards
import type { FunctionDecl, MatchBlock, PatternSegment } from "./ast.js";
import type { FunctionTable, Scope } from "./evaluator.js";
import { PathValue, type Value } from "./values.js";

/**
 * A request path segment: its text, a value standing for an unknown document id (list), or any number of
 * unknown segments (the collections a collection-group query spans), which only a recursive wildcard
 * matches.
 */
export type RequestSegment = string | { unknown: Value } | typeof ANY_PATH;

/**
 * The segments of a request path, empty ones included: the service keeps them, so `e1//a.pdf` is three
 * segments and matches no pattern of two. Only the empty text before the leading slash is dropped.
 */
export function requestSegments(path: string): string[] {
  const segments = path.split("/");
  return segments[0] === "" ? segments.slice(1) : segments;
}

/** Zero or more unknown segments: what lies between a collection-group query's parent and its collections. */
export const ANY_PATH: unique symbol = Symbol("any path");

/** A block whose full pattern matched the whole request path, with its scope. */
export interface MatchedBlock {
  block: MatchBlock;
  scope: Scope;
  fns: FunctionTable;
}

/** Per-block function maps, built once per ruleset. */
export type FunctionMaps = WeakMap<object, ReadonlyMap<string, FunctionDecl>>;

export function collectMatches(
  blocks: readonly MatchBlock[],
  path: readonly RequestSegment[],
  version: "1" | "2",
  scope: Scope | null,
  fns: FunctionTable,
  maps: FunctionMaps,
  out: MatchedBlock[],
  from = 0,
): void {
  for (const block of blocks) {
    const ends: { end: number; vars: Map<string, Value> }[] = [];
    matchPattern(block.pattern, 0, path, from, version, new Map(), ends);
    for (const { end, vars } of ends) {
      const blockScope: Scope = { vars, parent: scope };
      const blockFns: FunctionTable = { fns: maps.get(block) ?? new Map(), scope: blockScope, parent: fns };
      if (end === path.length) out.push({ block, scope: blockScope, fns: blockFns });
      if (block.matches.length > 0)
        collectMatches(block.matches, path, version, blockScope, blockFns, maps, out, end);
    }
  }
}

/** Appends to `out` every way `pattern[pi..]` can match `path[si..]`, with the bindings made. */
function matchPattern(
  pattern: readonly PatternSegment[],
  pi: number,
  path: readonly RequestSegment[],
  si: number,
  version: "1" | "2",
  vars: Map<string, Value>,
  out: { end: number; vars: Map<string, Value> }[],
): void {
  if (pi === pattern.length) {
    out.push({ end: si, vars });
    return;
  }
  const seg = pattern[pi] as PatternSegment;
  if (seg.kind === "recursive") {
    const first = version === "2" ? si : path.length > si ? path.length : path.length + 1;
    for (let end = first; end <= path.length; end++) {
      const bound = new Map(vars).set(seg.name, new PathValue(path.slice(si, end).map(segmentText)));
      matchPattern(pattern, pi + 1, path, end, version, bound, out);
    }
    return;
  }
  const s = path[si];
  if (s === undefined || s === ANY_PATH) return;
  if (seg.kind === "literal") {
    if (s === seg.text) matchPattern(pattern, pi + 1, path, si + 1, version, vars, out);
    return;
  }
  const bound = new Map(vars).set(seg.name, typeof s === "string" ? s : s.unknown);
  matchPattern(pattern, pi + 1, path, si + 1, version, bound, out);
}

/** An unknown id inside a recursive wildcard's path reads as `*`, unknown segments as `**`. */
function segmentText(s: RequestSegment): string {
  return typeof s === "string" ? s : s === ANY_PATH ? "**" : "*";
}
