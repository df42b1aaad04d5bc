/** A rules source that does not parse; `line` and `column` are 1-based. */
export class RulesSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${message} (line ${line}, column ${column})`);
    this.name = "RulesSyntaxError";
  }
}

/**
 * An evaluation error inside a condition. Errors are ordinary control flow here (every
 * `resource.data.missing` raises one), so this deliberately is not an `Error`: building a
 * stack trace per throw would dominate evaluation time.
 */
export class RuleError {
  constructor(readonly message: string) {}
}

/** Throws a RuleError unless `condition` holds; narrows like `assert`. */
export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new RuleError(message);
}
