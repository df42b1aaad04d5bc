// Coverage: how often each allow statement's condition held, over a ruleset's lifetime.
import type { AllowStmt, MatchBlock, ServiceName, RulesFile } from "./ast.js";

export interface CoverageRow {
  line: number;
  column: number;
  service: ServiceName;
  /** The full match path of the enclosing block, e.g. `/databases/{database}/documents/users/{id}`. */
  matchPath: string;
  /** Methods as written in the statement (`read`, `write`, `get`, ...). */
  methods: string[];
  /** Times the condition evaluated true. */
  allowed: number;
  /** Times it evaluated false or raised an error. */
  denied: number;
}

export class Coverage {
  private readonly rows = new Map<AllowStmt, CoverageRow>();

  constructor(file: RulesFile) {
    for (const service of file.services) this.addBlocks(service.name, service.matches, "");
  }

  private addBlocks(service: ServiceName, blocks: readonly MatchBlock[], prefix: string): void {
    for (const block of blocks) {
      const matchPath = prefix + block.source;
      for (const allow of block.allows) {
        this.rows.set(allow, {
          line: allow.line,
          column: allow.column,
          service,
          matchPath,
          methods: [...allow.written],
          allowed: 0,
          denied: 0,
        });
      }
      this.addBlocks(service, block.matches, matchPath);
    }
  }

  record(allow: AllowStmt, granted: boolean): void {
    const row = this.rows.get(allow);
    if (!row) return;
    if (granted) row.allowed++;
    else row.denied++;
  }

  /** Every allow statement in source order, including those never evaluated. */
  report(): CoverageRow[] {
    return [...this.rows.values()]
      .map((r) => ({ ...r, methods: [...r.methods] }))
      .sort((a, b) => a.line - b.line || a.column - b.column);
  }

  reset(): void {
    for (const row of this.rows.values()) {
      row.allowed = 0;
      row.denied = 0;
    }
  }
}
