import { parseRules, type CoverageRow, type Ruleset } from "@partner-api/rules-engine";
import { StorageError } from "../errors.js";
import { rulesAuth, type Identity } from "./identity.js";

/**
 * Reads one Firestore document for `firestore.get()`/`firestore.exists()`: its fields, or null when
 * it does not exist. `path` is absolute, e.g. "/databases/(default)/documents/partners/acme".
 * Rejects only for a real fault (Firestore unreachable), which the emulator answers with 503.
 */
export type DocumentLookup = (path: string) => Promise<Record<string, unknown> | null>;

/** One request to judge, in the service's terms: the method and the object (or, for list, prefix). */
export interface StorageRequest {
  method: "get" | "list" | "create" | "update" | "delete";
  bucket: string;
  /** Object name; for list, the listed prefix without its trailing delimiter. */
  name: string;
  /** The stored object as rules see it (`resource`), or null. */
  resource: Record<string, unknown> | null;
  /** The object after the write (`request.resource`), for create and update. */
  requestResource?: Record<string, unknown> | null;
}

/** Documents a rule may read per request (the rules language's access limit), plus the first pass. */
const MAX_PASSES = 11;

/**
 * Judges requests by the loaded storage.rules through the rules engine. The engine is synchronous and
 * takes the documents rules may read as a map, so documents come from the lookup in passes: a probe
 * evaluation records which documents the rules asked for, those are fetched, and it repeats until the
 * rules ask for nothing new. The final verdict is one evaluation on the reported ruleset, so coverage
 * counts each request once.
 */
export class RulesGate {
  private rules: { probe: Ruleset; judge: Ruleset } | null = null;

  constructor(
    private readonly lookup: DocumentLookup,
    private readonly clock: () => Date,
  ) {}

  /** Replaces the rules; throws RulesSyntaxError (keeping the old rules) when the source does not parse. */
  load(source: string): void {
    this.rules = { probe: parseRules(source), judge: parseRules(source) };
  }

  get loaded(): boolean {
    return this.rules !== null;
  }

  /** Resolves if the identity may make the request; throws PERMISSION_DENIED otherwise. */
  async authorize(identity: Identity, request: StorageRequest): Promise<void> {
    if (identity.kind === "privileged") return;
    if (!this.rules) throw denied(request, "no rules are loaded");
    const input = {
      path: `/b/${request.bucket}/o${request.name === "" ? "" : `/${request.name}`}`,
      method: request.method,
      auth: rulesAuth(identity),
      resource: request.resource,
      requestResource: request.requestResource ?? null,
      time: this.clock(),
    };
    const documents = await this.readDocuments(this.rules.probe, input);
    const decision = this.rules.judge.evaluate({ ...input, documents });
    if (!decision.allowed) throw denied(request, decision.errors.join("; "));
  }

  coverage(): CoverageRow[] {
    return this.rules?.judge.coverage() ?? [];
  }

  resetCoverage(): void {
    this.rules?.judge.resetCoverage();
  }

  private async readDocuments(
    probe: Ruleset,
    input: Parameters<Ruleset["evaluate"]>[0],
  ): Promise<Record<string, Record<string, unknown>>> {
    const found: Record<string, Record<string, unknown>> = {};
    const fetched = new Set<string>();
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      const wanted = new Set<string>();
      const documents = new Proxy(found, {
        get(target, key) {
          if (typeof key === "string" && !fetched.has(key)) wanted.add(key);
          return Reflect.get(target, key);
        },
      });
      probe.evaluate({ ...input, documents });
      if (wanted.size === 0) break;
      await Promise.all(
        [...wanted].map(async (path) => {
          const data = await this.read(path);
          fetched.add(path);
          if (data) found[path] = data;
        }),
      );
    }
    return found;
  }

  private async read(path: string): Promise<Record<string, unknown> | null> {
    try {
      return await this.lookup(path);
    } catch (error) {
      throw new StorageError("UNAVAILABLE", `Rules could not read ${path}: ${(error as Error).message}`);
    }
  }
}

function denied(request: StorageRequest, why: string): StorageError {
  const detail = why === "" ? "" : ` (${why})`;
  return new StorageError(
    "PERMISSION_DENIED",
    `Permission denied. No permission to ${request.method} ${request.name === "" ? "/" : request.name}${detail}.`,
  );
}
