/**
 * A request's deadline as its writes see it. The deadline exists to answer a client promptly when a
 * backend does not answer; its 503 tells the client to retry, so it may only answer a request that
 * changed nothing. Two promises keep that true:
 * - until a commit is sent, the deadline may abandon the request, and an abandoned request can never
 *   send one (its transaction rolls back);
 * - once a commit is sent, the deadline no longer applies: the client gets the commit's outcome.
 * JavaScript runs the timer and the commit check on one thread, so the two never interleave.
 */
export class RequestDeadline {
  #abandoned = false;
  #commitSent = false;
  // Whether the latest transaction attempt got as far as sending its commit.
  // Stryker disable next-line BooleanLiteral: read only once a commit was sent, which sets it
  #committing = false;

  /** True once any attempt of this request has sent a commit (whose outcome may still be unknown). */
  get commitSent(): boolean {
    return this.#commitSent;
  }

  /**
   * Called when the deadline passes: abandons the request and returns true when nothing was sent
   * (the caller then answers 503); returns false once a commit is on its way.
   */
  abandon(): boolean {
    if (this.#commitSent) return false;
    this.#abandoned = true;
    return true;
  }

  /** Called as each transaction attempt starts. */
  attemptStarting(): void {
    this.#committing = false;
  }

  /** Called right before a commit is sent; throws if the deadline already answered the request. */
  beforeCommit(): void {
    if (this.#abandoned) throw new RequestAbandoned();
    this.#commitSent = true;
    this.#committing = true;
  }

  /**
   * Whether a failed request may have changed data. Nothing was changed if no commit was ever sent, or
   * if the last attempt's own commit was aborted (Firestore applies nothing of an aborted commit, and
   * each retried attempt first looks for an earlier attempt's write: see domain/entries/entries.ts).
   */
  mayHaveChanged(failedWithAbort: boolean): boolean {
    return this.#commitSent && !(this.#committing && failedWithAbort);
  }
}

/**
 * Runs one transaction attempt's work under a request's deadline, if any (the SDKs retry a
 * transaction up to five times): the commit, sent once the returned promise resolves, is cleared first.
 */
export async function runAttempt<T>(
  deadline: RequestDeadline | undefined,
  work: () => Promise<T>,
): Promise<T> {
  deadline?.attemptStarting();
  const result = await work();
  deadline?.beforeCommit();
  return result;
}

/** Ends the work of a request that its deadline already answered; no client ever sees it. */
export class RequestAbandoned extends Error {
  constructor() {
    super("the request was answered at its deadline before it sent a commit; rolled back");
    this.name = "RequestAbandoned";
  }
}
