import { deliveryTaskId, type DeliveryQueue, type DeliveryTask } from "../../domain/webhooks/ports.js";

/** The delivery queue in memory, for fast tests: tasks wait until a test takes the ones due. */
export interface InMemoryDeliveryQueue extends DeliveryQueue {
  /** Removes and returns the tasks due at `now`, earliest first. */
  takeDue(now: Date): DeliveryTask[];
  /** Every task still waiting, with when it is due. */
  waiting(): { task: DeliveryTask; notBefore: Date }[];
}

/** A queue that, like Cloud Tasks, takes each task id once, ever. */
export function createInMemoryDeliveryQueue(): InMemoryDeliveryQueue {
  const seen = new Set<string>();
  let queued: { task: DeliveryTask; notBefore: Date }[] = [];
  return {
    async enqueue(task, notBefore) {
      const id = deliveryTaskId(task);
      if (seen.has(id)) return;
      seen.add(id);
      queued.push({ task: structuredClone(task), notBefore });
    },
    takeDue(now) {
      const due = queued.filter(({ notBefore }) => notBefore <= now);
      queued = queued.filter((item) => !due.includes(item));
      return due.sort((a, b) => a.notBefore.getTime() - b.notBefore.getTime()).map(({ task }) => task);
    },
    waiting: () => [...queued],
  };
}
