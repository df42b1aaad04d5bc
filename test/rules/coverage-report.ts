/** One allow statement's tally, as `ruleset.coverage()` reports it. */
export interface StatementCoverage {
  line: number;
  column: number;
  service: string;
  matchPath: string;
  methods: readonly string[];
  allowed: number;
  denied: number;
}

const FILES: Record<string, string> = {
  "cloud.firestore": "firestore.rules",
  "firebase.storage": "storage.rules",
};

/** Statements not yet seen both granting and refusing a request. */
export const incompletelyCovered = (rows: readonly StatementCoverage[]): StatementCoverage[] =>
  rows.filter((row) => row.allowed < 1 || row.denied < 1);

/** Where a statement lives, e.g. `firestore.rules:54:9`. */
export const locate = (row: StatementCoverage): string =>
  `${FILES[row.service] ?? row.service}:${row.line}:${row.column}`;

/** A plain-text table of every allow statement with its allowed and denied case counts. */
export function formatCoverageTable(rows: readonly StatementCoverage[]): string {
  const header = ["statement", "match path", "methods", "allowed", "denied", "both ways"];
  const body = rows.map((row) => [
    locate(row),
    row.matchPath,
    row.methods.join(","),
    String(row.allowed),
    String(row.denied),
    row.allowed > 0 && row.denied > 0 ? "ok" : "NOT COVERED BOTH WAYS",
  ]);
  const widths = header.map((title, i) =>
    Math.max(title.length, ...body.map((cells) => cells[i]?.length ?? 0)),
  );
  const render = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === 3 || i === 4 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  const rule = widths.map((width) => "-".repeat(width)).join("  ");
  return [render(header), rule, ...body.map(render)].join("\n");
}
