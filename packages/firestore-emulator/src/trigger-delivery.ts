import type { EncodedEvent } from "./document-events.js";
import type { DocumentTrigger } from "./document-triggers.js";

/** How deliveries back off while the Functions emulator cannot take an event. */
export interface DeliveryBackoff {
  /** The first wait after a failed post; doubles with each failure. */
  readonly initialMs: number;
  readonly maxMs: number;
}

export const DEFAULT_BACKOFF: DeliveryBackoff = { initialMs: 250, maxMs: 10_000 };

/**
 * A post that outlives this is given up and retried. The Functions emulator answers a trigger when the
 * function returns or after the function's own timeout (at most 540 s for event functions), so only a
 * request it never answers (a worker that failed to start) gets here.
 */
const POST_TIMEOUT_MS = 600_000;

interface Pending {
  readonly trigger: DocumentTrigger;
  readonly event: EncodedEvent;
  failures: number;
}

type Outcome = "delivered" | "function-failed" | "retry";

/**
 * Posts trigger events to the Functions emulator's background-trigger route
 * (`/functions/projects/{project}/triggers/{key}`), after the commit that caused them and without holding
 * it up. Each trigger has a queue delivered one event at a time in commit order. A post the Functions
 * emulator does not take (no connection, no answer, a trigger it does not know yet, any status but 2xx and
 * 500) is retried with backoff until it is, so every change is delivered at least once, as Eventarc
 * delivers in production. A 500 means the function ran and threw: like a production trigger without
 * `retry`, the event is then logged and dropped. The emulator's 204 for disabled background triggers
 * (rules-unit-testing's `withFunctionTriggersDisabled`) counts as taken.
 */
export class TriggerDelivery {
  private readonly queues = new Map<string, Pending[]>();

  constructor(
    private readonly functionsEmulatorHost: string,
    private readonly log: (message: string) => void,
    private readonly backoff: DeliveryBackoff = DEFAULT_BACKOFF,
  ) {}

  /** Queues an event for its trigger; delivery starts at once unless the queue is already busy. */
  enqueue(trigger: DocumentTrigger, event: EncodedEvent): void {
    const name = `${trigger.projectId}/${trigger.key}`;
    const queue = this.queues.get(name);
    if (queue !== undefined) {
      queue.push({ trigger, event, failures: 0 });
      return;
    }
    this.queues.set(name, [{ trigger, event, failures: 0 }]);
    void this.drain(name);
  }

  private async drain(name: string): Promise<void> {
    const queue = this.queues.get(name) as Pending[];
    while (queue.length > 0) {
      const pending = queue[0] as Pending;
      const outcome = await this.post(pending);
      if (outcome === "retry") {
        pending.failures++;
        const delay = Math.min(this.backoff.maxMs, this.backoff.initialMs * 2 ** (pending.failures - 1));
        await new Promise((resolve) => setTimeout(resolve, delay).unref());
        continue;
      }
      queue.shift();
    }
    this.queues.delete(name);
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
          this.log(`Trigger ${trigger.key}: event ${event.id} delivered after ${failures} failed posts.`);
        return "delivered";
      }
      if (response.status === 500) {
        this.log(
          `Trigger ${trigger.key}: the function failed on event ${event.id} (not retried): ${text.slice(0, 500)}`,
        );
        return "function-failed";
      }
      problem = `HTTP ${response.status} ${text.slice(0, 200)}`;
    } catch (error) {
      problem =
        (error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : String(error);
    }
    this.log(`Trigger ${trigger.key}: posting event ${event.id} failed (${problem}); retrying.`);
    return "retry";
  }
}
