// Every line the emulator writes, as a named function. Client mistakes and rule denials are answers,
// not log lines; only faults (a 5xx) are logged, with their stack.

/** Where log lines go; the emulator's `log` option, console.error by default. */
export type LogSink = (line: string) => void;

export const logs = {
  fault: (sink: LogSink, method: string, path: string, error: unknown) =>
    sink(
      `storage-emulator: ${method} ${path} failed: ${error instanceof Error ? error.stack : String(error)}`,
    ),
  rulesLoaded: (sink: LogSink, origin: string) => sink(`storage-emulator: loaded rules from ${origin}`),
};
