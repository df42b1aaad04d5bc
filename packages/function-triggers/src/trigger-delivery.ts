/** Where an event goes: the Functions emulator's trigger `key` in a project. */
export interface TriggerTarget {
  readonly projectId: string;
  /** The Functions emulator's name for the trigger: the last segment of the route events go to. */
  readonly key: string;
}

/** An event ready to post: the CloudEvent's id (for logs) and its HTTP request parts. */
export interface EncodedEvent {
  readonly id: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** How an event backs off after a failed post or run: the first wait, doubled per failure up to the most. */
const BACKOFF = { initialMs: 250, maxMs: 10_000 };

/**
 * A post that outlives this is given up and retried. The Functions emulator answers a trigger when the
 * function returns or after the function's own timeout (at most 540 s for event functions), so only a
 * request it never answers (a worker that failed to start) gets here.
 */
const POST_TIMEOUT_MS = 600_000;

interface Pending {
  readonly trigger: TriggerTarget;
  readonly event: EncodedEvent;
  failures: number;
}

type Outcome = "delivered" | "function-failed" | "not-taken";

/**
 * Posts trigger events to the Functions emulator's background-trigger route
 * (`/functions/projects/{project}/triggers/{key}`), after the write that caused them and without holding
 * it up. Each trigger has a queue delivered one event at a time in the order of the writes. A post the Functions
 * emulator does not take (no connection, no answer, a trigger it does not know yet, any status but 2xx and
 * 500) is retried with backoff until it is, so every change is delivered at least once, as Eventarc
 * delivers in production. A 500 means the function ran and threw: as in production, the event is
 * delivered again later (same backoff, behind the trigger's newer events) if the function asked for
 * `retry`, else logged and dropped. The emulator's 204 for disabled background triggers
 * (rules-unit-testing's `withFunctionTriggersDisabled`) counts as taken.
 */
export class TriggerDelivery {
  private readonly queues = new Map<string, Pending[]>();

  /** @param retries whether a trigger's function asked for redelivery after it throws (trigger-retry.ts) */
  constructor(
    private readonly functionsEmulatorHost: string,
    private readonly retries: (key: string) => Promise<boolean>,
    private readonly log: (message: string) => void,
  ) {}

  /** Queues an event for its trigger; delivery starts at once unless the queue is already busy. */
  enqueue(trigger: TriggerTarget, event: EncodedEvent): void {
    this.append({ trigger, event, failures: 0 });
  }

  private append(pending: Pending): void {
    const name = `${pending.trigger.projectId}/${pending.trigger.key}`;
    const queue = this.queues.get(name);
    if (queue !== undefined) {
      queue.push(pending);
      return;
    }
    this.queues.set(name, [pending]);
    void this.drain(name);
  }

  private async drain(name: string): Promise<void> {
    const queue = this.queues.get(name) as Pending[];
    while (queue.length > 0) {
      const pending = queue[0] as Pending;
      const outcome = await this.post(pending);
      if (outcome === "not-taken") {
        await new Promise((resolve) => setTimeout(resolve, this.nextDelay(pending)).unref());
        continue;
      }
      queue.shift();
      if (outcome === "function-failed") await this.afterFunctionFailed(pending);
    }
    this.queues.delete(name);
  }

  /** Counts a failure and returns how long to wait before the next try. */
  private nextDelay(pending: Pending): number {
    pending.failures++;
    return Math.min(BACKOFF.maxMs, BACKOFF.initialMs * 2 ** (pending.failures - 1));
  }

  private async afterFunctionFailed(pending: Pending): Promise<void> {
    const { trigger, event } = pending;
    let retry = false;
    try {
      retry = await this.retries(trigger.key);
    } catch (error) {
      this.log(`Trigger ${trigger.key}: its retry option could not be read (${String(error)}).`);
    }
    if (!retry) {
      this.log(`Trigger ${trigger.key}: event ${event.id} dropped (the function has no retry option).`);
      return;
    }
    const delay = this.nextDelay(pending);
    this.log(`Trigger ${trigger.key}: event ${event.id} delivered again in ${delay} ms (retry: true).`);
    // Out of the queue meanwhile, so one failing event does not hold up the trigger's newer ones.
    setTimeout(() => this.append(pending), delay).unref();
  }

  private async post({ trigger, event, failures }: Pending): Promise<Outcome> {
    const url = `http://${this.functionsEmulatorHost}/functions/projects/${trigger.projectId}/triggers/${trigger.key}`;
    let problem: string;
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: event.headers,
        body: event.body,
        signal: AbortSignal.timeout(POST_TIMEOUT_MS),
      });
      const text = await response.text();
      if (response.ok) {
        if (failures > 0)
          this.log(`Trigger ${trigger.key}: event ${event.id} delivered after ${failures} failures.`);
        return "delivered";
      }
      if (response.status === 500) {
        this.log(`Trigger ${trigger.key}: the function threw on event ${event.id}: ${text.slice(0, 500)}`);
        return "function-failed";
      }
      problem = `HTTP ${response.status} ${text.slice(0, 200)}`;
    } catch (error) {
      const cause = (error as Error).cause;
      problem = cause instanceof Error ? cause.message : String(error);
    }
    this.log(`Trigger ${trigger.key}: posting event ${event.id} failed (${problem}); retrying.`);
    return "not-taken";
  }
}
