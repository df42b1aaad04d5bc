import type { TaskQueue } from "firebase-admin/functions";
import { deliveryTaskId, type DeliveryQueue, type DeliveryTask } from "../../domain/webhooks/ports.js";
import { firebaseErrorKind } from "../../firebase-errors.js";

/**
 * The delivery queue over a Cloud Functions task queue (Cloud Tasks; the Tasks emulator on the stack,
 * which firebase-admin finds through CLOUD_TASKS_EMULATOR_HOST). Each attempt is enqueued under its
 * fixed id, so a repeated enqueue is refused by the queue itself and counts as done.
 */
export function createDeliveryTaskQueue(queue: TaskQueue<DeliveryTask>): DeliveryQueue {
  return {
    async enqueue(task, notBefore) {
      try {
        await queue.enqueue(task, {
          id: deliveryTaskId(task),
          scheduleTime: notBefore,
          // An attempt waits at most 15 s for the receiver; the rest is Firestore and start-up.
          dispatchDeadlineSeconds: 60,
        });
      } catch (error) {
        if (firebaseErrorKind(error) !== "already-exists") throw error;
      }
    },
  };
}
