/**
 * Counts document reads per database the way Firestore bills them, so a benchmark can measure what a
 * request costs instead of working it out on paper: every document a BatchGetDocuments call names (found
 * or missing) and every document a RunQuery or ListDocuments call returns is one read, a query that
 * returns nothing still costs one, and an
 * aggregation costs one per 1,000 documents it matched (at least one). Listen is not counted.
 */
export class ReadCounter {
  /** database name (`projects/p/databases/d`) → reads so far. */
  private readonly counts = new Map<string, number>();

  /** Records `reads` document reads against `database`. */
  add(database: string, reads: number): void {
    this.counts.set(database, (this.counts.get(database) ?? 0) + reads);
  }

  /** Reads since the emulator was created, for one project or for all. */
  total(projectId?: string): number {
    let sum = 0;
    for (const [database, reads] of this.counts) {
      if (projectId === undefined || database.startsWith(`projects/${projectId}/`)) sum += reads;
    }
    return sum;
  }
}
