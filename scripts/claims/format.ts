type Claims = Record<string, unknown>;

/** Renders rows as a plain text table with a header, columns padded to their widest cell. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)].join("\n");
}

/** Claims as one line of JSON, for before/after lines. */
export function claimsJson(claims: Claims): string {
  return JSON.stringify(claims);
}

/** How a user is named in messages: uid, and email when it has one. */
export function userLabel(user: { uid: string; email?: string | null | undefined }): string {
  return user.email ? `${user.uid} <${user.email}>` : user.uid;
}

/** Tells the admin which changes of earlier, interrupted runs were settled before this one acts. */
export function printSettled(
  io: { err(text: string): void },
  settled: readonly { id: string; action: string; subject: string; applied: boolean }[],
): void {
  for (const change of settled) {
    io.err(
      `Settled auditLogs/${change.id} (${change.action} of ${change.subject}, left pending by an earlier run): ` +
        (change.applied ? "applied" : "not applied"),
    );
  }
}
