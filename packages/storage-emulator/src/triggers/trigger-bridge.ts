import { createRetryLookup, TriggerDelivery } from "@partner-api/function-triggers";
import type { LogSink } from "../logs.js";
import { objectEvent } from "./object-events.js";
import type { ObjectObserver } from "../store/object-store.js";
import {
  actionsOf,
  ObjectTriggers,
  parseTriggerRegistration,
  type ObjectTrigger,
} from "./object-triggers.js";

/** Storage triggers: their registrations, and the events each stored change posts to the Functions emulator. */
export interface TriggerBridge {
  /** The object store's observer: queues the events of a change, in the order of the changes. */
  readonly observe: ObjectObserver;
  /** Registers a trigger; returns why it is refused, or null. */
  register(projectId: string, key: string, body: unknown): string | null;
  /** The triggers registered for a project. */
  ofProject(projectId: string): ObjectTrigger[];
}

/**
 * Connects the object store to the Functions emulator at `functionsEmulatorHost` (host:port): each change
 * becomes a CloudEvent for every trigger of its bucket and action, delivered per trigger in order and
 * retried as the Firestore emulator's are (@partner-api/function-triggers). Without a Functions emulator,
 * registrations are refused and changes post nothing.
 */
export function createTriggerBridge(
  functionsEmulatorHost: string | undefined,
  origin: () => string,
  log: LogSink,
): TriggerBridge {
  const triggers = new ObjectTriggers();
  const delivery =
    functionsEmulatorHost === undefined
      ? undefined
      : new TriggerDelivery(functionsEmulatorHost, createRetryLookup(functionsEmulatorHost), (message) =>
          log(`storage-emulator: triggers: ${message}`),
        );
  return {
    observe: (before, after) => {
      if (delivery === undefined) return;
      for (const [action, object] of actionsOf(before, after))
        for (const trigger of triggers.firedBy(object.bucket, action))
          delivery.enqueue(trigger, objectEvent(action, object, origin()));
    },
    register: (projectId, key, body) => {
      if (delivery === undefined) return "This emulator was started without a Functions emulator to post to.";
      const trigger = parseTriggerRegistration(projectId, key, body);
      if (typeof trigger === "string") return trigger;
      triggers.register(trigger);
      return null;
    },
    ofProject: (projectId) => triggers.ofProject(projectId),
  };
}
