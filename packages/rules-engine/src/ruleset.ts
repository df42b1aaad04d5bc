// A parsed rules file, ready to judge requests.
import type { AllowStmt, FunctionDecl, MatchBlock, RulesFile, ServiceDecl, ServiceName } from "./ast.js";
import { Coverage, type CoverageRow } from "./coverage.js";
import { RuleError } from "./errors.js";
import { Evaluator, type FunctionTable } from "./evaluator.js";
import { QueryResource, queryCases } from "./list-query.js";
import {
  ANY_PATH,
  collectMatches,
  type FunctionMaps,
  type MatchedBlock,
  type RequestSegment,
  requestSegments,
} from "./matcher.js";
import {
  DocumentReader,
  firestoreResource,
  hostFor,
  queryValue,
  requestValue,
  type RulesRequest,
} from "./request.js";
import { toValue } from "./from-js.js";
import { type Value } from "./values.js";

export interface Decision {
  allowed: boolean;
  /** Position of the allow statement that granted the request. */
  grantedBy: { line: number; column: number } | null;
  /** Evaluation errors met on the way, as `line:column: message` of the allow concerned. */
  errors: string[];
  /**
   * Every allow statement for the method that was judged, in order, with the error that denied it (null
   * when its condition was simply false, or when it granted): what a denial's detail reports.
   */
  judged: JudgedAllow[];
}

/** One allow statement's outcome in a decision. */
export interface JudgedAllow {
  line: number;
  column: number;
  error: string | null;
}

export interface Ruleset {
  evaluate(req: RulesRequest): Decision;
  /** Accumulated over every evaluate() on this instance. */
  coverage(): CoverageRow[];
  resetCoverage(): void;
}

/** The service a request path belongs to, by its prefix. */
function serviceOf(path: string): ServiceName {
  if (path.startsWith("/databases/")) return "cloud.firestore";
  if (path.startsWith("/b/")) return "firebase.storage";
  throw new TypeError(
    `path ${JSON.stringify(path)} is neither /databases/... (Firestore) nor /b/... (Storage)`,
  );
}

/** One way the request can be read: a concrete one, or one case of a list query. */
interface Reading {
  resource: Value;
  path: RequestSegment[];
}

/** Distinct concrete paths whose matches are remembered; a test run touches few paths many times. */
const MATCH_CACHE_SIZE = 1000;

export class CompiledRuleset implements Ruleset {
  private readonly functionMaps: FunctionMaps = new WeakMap();
  // Matched blocks and their scopes are immutable, so concrete (non-list) paths can share them.
  private readonly matchCache = new Map<string, MatchedBlock[]>();
  private readonly cover: Coverage;

  constructor(private readonly file: RulesFile) {
    this.cover = new Coverage(file);
    for (const service of file.services) {
      this.functionMaps.set(service, fnMap(service.functions));
      this.indexBlocks(service.matches);
    }
  }

  private indexBlocks(blocks: readonly MatchBlock[]): void {
    for (const b of blocks) {
      this.functionMaps.set(b, fnMap(b.functions));
      this.indexBlocks(b.matches);
    }
  }

  evaluate(req: RulesRequest): Decision {
    const name = serviceOf(req.path);
    const service = this.file.services.find((s) => s.name === name);
    const errors: string[] = [];
    const judged: JudgedAllow[] = [];
    if (!service) return { allowed: false, grantedBy: null, errors, judged };

    const reader = new DocumentReader(req);
    const readings = this.readings(name, req);
    const request = requestValue(name, req, req.method === "list" ? { query: queryValue(req.query) } : {});
    // Matches are computed per reading; they have the same shape, and only bound values differ.
    const matched = readings.map((r) => this.match(service, r.path, req.method === "list" ? null : req.path));
    const evaluators = readings.map(
      (r) =>
        new Evaluator(
          hostFor(
            name,
            new Map<string, Value>([
              ["request", request],
              ["resource", r.resource],
            ]),
            reader,
          ),
        ),
    );

    const first = matched[0] ?? [];
    for (let b = 0; b < first.length; b++) {
      for (const allow of (first[b] as MatchedBlock).block.allows) {
        if (!allow.methods.has(req.method)) continue;
        const { granted, error } = this.judge(allow, matched, evaluators, b);
        this.cover.record(allow, granted);
        if (error !== null) errors.push(`${allow.line}:${allow.column}: ${error}`);
        judged.push({ line: allow.line, column: allow.column, error });
        if (granted)
          return { allowed: true, grantedBy: { line: allow.line, column: allow.column }, errors, judged };
      }
    }
    return { allowed: false, grantedBy: null, errors, judged };
  }

  /** An allow grants when its condition is true in every reading; an error denies it. */
  private judge(
    allow: AllowStmt,
    matched: MatchedBlock[][],
    evaluators: Evaluator[],
    blockIndex: number,
  ): { granted: boolean; error: string | null } {
    if (!allow.condition) return { granted: true, error: null };
    for (let i = 0; i < evaluators.length; i++) {
      const m = (matched[i] as MatchedBlock[])[blockIndex] as MatchedBlock;
      try {
        if (!(evaluators[i] as Evaluator).condition(allow.condition, m.scope, m.fns))
          return { granted: false, error: null };
      } catch (err) {
        if (!(err instanceof RuleError)) throw err;
        return { granted: false, error: err.message };
      }
    }
    return { granted: true, error: null };
  }

  private readings(service: ServiceName, req: RulesRequest): Reading[] {
    const segments: RequestSegment[] = requestSegments(req.path);
    if (req.method === "list") {
      // A collection group spans the collections of its id at any depth below the rest of the path.
      const collection: RequestSegment[] = req.collectionGroup
        ? [...segments.slice(0, -1), ANY_PATH, ...segments.slice(-1)]
        : segments;
      return queryCases(req.query?.where ?? []).map((constraints) => {
        const resource = new QueryResource(constraints);
        // The collection path gains one segment standing for whichever document is returned.
        return { resource, path: [...collection, { unknown: resource.member("id") }] };
      });
    }
    const data = req.resource;
    const resource = !data
      ? null
      : service === "cloud.firestore"
        ? firestoreResource(req.path, data)
        : toValue(data);
    return [{ resource, path: segments }];
  }

  private match(service: ServiceDecl, path: RequestSegment[], cacheKey: string | null): MatchedBlock[] {
    const cached = cacheKey === null ? undefined : this.matchCache.get(cacheKey);
    if (cached) return cached;
    const out: MatchedBlock[] = [];
    const root: FunctionTable = {
      fns: this.functionMaps.get(service) ?? new Map(),
      scope: null,
      parent: null,
    };
    collectMatches(service.matches, path, this.file.version, null, root, this.functionMaps, out);
    if (cacheKey !== null) {
      if (this.matchCache.size >= MATCH_CACHE_SIZE) this.matchCache.clear();
      this.matchCache.set(cacheKey, out);
    }
    return out;
  }

  coverage(): CoverageRow[] {
    return this.cover.report();
  }

  resetCoverage(): void {
    this.cover.reset();
  }
}

function fnMap(fns: readonly FunctionDecl[]): ReadonlyMap<string, FunctionDecl> {
  return new Map(fns.map((f) => [f.name, f]));
}
