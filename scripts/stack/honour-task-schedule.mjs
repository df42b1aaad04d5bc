// Loaded into the firebase-tools process the stack starts (NODE_OPTIONS=--import). firebase-tools'
// Cloud Tasks emulator dispatches every task at once, whatever its scheduleTime (what firebase-admin's
// scheduleDelaySeconds and scheduleTime set; firebase/firebase-tools#8254). Production holds a task
// until then, and code that schedules retries relies on it, so here a task due later waits in a timer
// and joins its queue when due. Its name is taken at once (a second task with the same id is refused
// with 409 meanwhile, as production refuses it), and deleting it before it is due cancels it.
import { isFirebaseToolsCli, requireFirebaseTools } from "./firebase-tools-cli.mjs";

/**
 * Makes a TaskQueue class (firebase-tools' lib/emulator/taskQueue.js) hold tasks until their
 * scheduleTime. Exported for its test; the stack patches firebase-tools' own class below.
 */
export function honourScheduleTime(TaskQueue) {
  const { enqueue, delete: remove } = TaskQueue.prototype;
  const held = new WeakMap();
  const heldBy = (queue) => {
    if (!held.has(queue)) held.set(queue, new Map());
    return held.get(queue);
  };
  TaskQueue.prototype.enqueue = function (task) {
    const waiting = heldBy(this);
    // The emulator's own message for a name already taken; its HTTP handler turns any throw into 409.
    const taken = () => new Error(`A task has already been queued with id ${task.name}`);
    if (waiting.has(task.name)) throw taken();
    const wait = Date.parse(task.scheduleTime ?? "") - Date.now();
    if (!(wait > 0)) return enqueue.call(this, task);
    if (this.queuedIds.has(task.name)) throw taken();
    const timer = globalThis.setTimeout(() => {
      waiting.delete(task.name);
      enqueue.call(this, task);
    }, wait);
    // A task due after the emulators stop must not keep the process alive (production would keep it).
    timer.unref();
    waiting.set(task.name, timer);
  };
  TaskQueue.prototype.delete = function (taskId) {
    const waiting = heldBy(this);
    if (!waiting.has(taskId)) return remove.call(this, taskId);
    globalThis.clearTimeout(waiting.get(taskId));
    waiting.delete(taskId);
  };
}

if (isFirebaseToolsCli()) honourScheduleTime(requireFirebaseTools("emulator/taskQueue.js").TaskQueue);
