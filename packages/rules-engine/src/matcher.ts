// Matching request paths against nested `match` blocks.
//
// Version 2 semantics: `{name=**}` matches zero or more segments and may appear anywhere in a
// pattern. Version 1: it matches one or more and consumes the rest of the path.
// https://firebase.google.com/docs/firestore/security/rules-structure#recursive_wildcards
import type { FunctionDecl, MatchBlock, PatternSegment } from "./ast.js";
import type { FunctionTable, Scope } from "./evaluator.js";
import { PathValue, type Value } from "./values.js";

/** A request path segment: its text, or a value standing for an unknown document id (list). */
export type RequestSegment = string | { unknown: Value };

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
    for (const { end, vars } of matchPattern(block.pattern, 0, path, from, version, new Map())) {
      const blockScope: Scope = { vars, parent: scope };
      const blockFns: FunctionTable = { fns: maps.get(block) ?? new Map(), scope: blockScope, parent: fns };
      if (end === path.length) out.push({ block, scope: blockScope, fns: blockFns });
      if (block.matches.length > 0)
        collectMatches(block.matches, path, version, blockScope, blockFns, maps, out, end);
    }
  }
}

function* matchPattern(
  pattern: readonly PatternSegment[],
  pi: number,
  path: readonly RequestSegment[],
  si: number,
  version: "1" | "2",
  vars: Map<string, Value>,
): Generator<{ end: number; vars: Map<string, Value> }> {
  if (pi === pattern.length) {
    yield { end: si, vars };
    return;
  }
  const seg = pattern[pi] as PatternSegment;
  if (seg.kind === "recursive") {
    const ends = version === "2" ? range(si, path.length) : path.length > si ? [path.length] : [];
    for (const end of ends) {
      const bound = new Map(vars).set(seg.name, new PathValue(path.slice(si, end).map(segmentText)));
      yield* matchPattern(pattern, pi + 1, path, end, version, bound);
    }
    return;
  }
  const s = path[si];
  if (s === undefined) return;
  if (seg.kind === "literal") {
    if (s === seg.text) yield* matchPattern(pattern, pi + 1, path, si + 1, version, vars);
    return;
  }
  const bound = new Map(vars).set(seg.name, typeof s === "string" ? s : s.unknown);
  yield* matchPattern(pattern, pi + 1, path, si + 1, version, bound);
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i <= to; i++) out.push(i);
  return out;
}

/** An unknown id inside a recursive wildcard's path reads as `*`. */
function segmentText(s: RequestSegment): string {
  return typeof s === "string" ? s : "*";
}
