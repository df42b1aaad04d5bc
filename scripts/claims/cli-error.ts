/** Exit statuses of the claims CLI: the contract scripts and CI rely on. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;
export type ExitStatus = (typeof EXIT)[keyof typeof EXIT];

/** Stable codes for every refusal the CLI makes, each mapped to its exit status (the compiler checks the map). */
const STATUS_BY_CODE = {
  BAD_USAGE: EXIT.usage,
  INVALID_INPUT: EXIT.usage,
  UNKNOWN_USER: EXIT.usage,
  CLAIMS_REJECTED: EXIT.usage,
  NO_PROJECT: EXIT.usage,
  NOT_CONFIRMED: EXIT.usage,
  NOT_EMULATOR: EXIT.usage,
  MIXED_TARGET: EXIT.usage,
  FOREIGN_ROLE: EXIT.usage,
  OPERATION_FAILED: EXIT.failed,
} as const satisfies Record<string, ExitStatus>;
export type CliErrorCode = keyof typeof STATUS_BY_CODE;

/** An error the CLI reports as one line on stderr and turns into its exit status. */
export class CliError extends Error {
  readonly exitStatus: ExitStatus;

  constructor(
    readonly code: CliErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "CliError";
    this.exitStatus = STATUS_BY_CODE[code];
  }
}

/** Validates and narrows in one line: `assert(user, "UNKNOWN_USER", "no user alice")`. */
export function assert(condition: unknown, code: CliErrorCode, message: string): asserts condition {
  if (!condition) throw new CliError(code, message);
}
