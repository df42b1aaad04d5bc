import { createRequire } from "node:module";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { honourScheduleTime } from "./honour-task-schedule.mjs";

// firebase-tools' own queue class, patched on a subclass so this test leaves the module as it found it.
interface EmulatedTask {
  name: string;
  scheduleTime?: string;
  httpRequest: { url: string; body: unknown; headers: Record<string, string> };
}
interface TaskQueue {
  enqueue(task: EmulatedTask): void;
  delete(taskId: string): void;
  isActive(): boolean;
}
type TaskQueueClass = new (key: string, config: unknown) => TaskQueue;

const require = createRequire(import.meta.url);
const { TaskQueue: FirebaseToolsTaskQueue } = require("firebase-tools/lib/emulator/taskQueue.js") as {
  TaskQueue: TaskQueueClass;
};

class ScheduledQueue extends FirebaseToolsTaskQueue {}
honourScheduleTime(ScheduledQueue);

const CONFIG = {
  retryConfig: {
    maxAttempts: 3,
    maxRetrySeconds: null,
    maxBackoffSeconds: 3600,
    maxDoublings: 16,
    minBackoffSeconds: 0.1,
  },
  rateLimits: { maxConcurrentDispatches: 10, maxDispatchesPerSecond: 10 },
  defaultUri: "http://127.0.0.1:1/fn",
};

const task = (name: string, delaySeconds?: number): EmulatedTask => ({
  name,
  ...(delaySeconds === undefined
    ? {}
    : { scheduleTime: new Date(Date.now() + delaySeconds * 1000).toISOString() }),
  httpRequest: { url: "", body: {}, headers: {} },
});

let queue: TaskQueue;

beforeEach(() => {
  vi.useFakeTimers();
  queue = new ScheduledQueue("queue:demo-us-central1-fn", CONFIG);
});
afterEach(() => vi.useRealTimers());

describe("the stack's Cloud Tasks emulator honours scheduleTime", () => {
  it("queues a task without scheduleTime, or one already due, at once as the emulator does", () => {
    queue.enqueue(task("now"));
    queue.enqueue(task("due", -1));
    expect(queue.isActive()).toBe(true);
  });

  it("holds a task until its scheduleTime and queues it then", () => {
    queue.enqueue(task("later", 30));
    vi.advanceTimersByTime(29_000);
    expect(queue.isActive()).toBe(false);
    vi.advanceTimersByTime(1_000);
    expect(queue.isActive()).toBe(true);
  });

  it("refuses another task with a held task's name, due later or at once, and after it was queued", () => {
    queue.enqueue(task("once", 10));
    expect(() => queue.enqueue(task("once", 20))).toThrow(/already been queued/);
    expect(() => queue.enqueue(task("once"))).toThrow(/already been queued/);
    expect(queue.isActive()).toBe(false);
    vi.advanceTimersByTime(10_000);
    expect(queue.isActive()).toBe(true);
    expect(() => queue.enqueue(task("once", 5))).toThrow(/already been queued/);
  });

  it("cancels a held task deleted before it is due, and deletes queued tasks as the emulator does", () => {
    queue.enqueue(task("cancelled", 10));
    queue.delete("cancelled");
    vi.advanceTimersByTime(10_000);
    expect(queue.isActive()).toBe(false);
    queue.enqueue(task("queued"));
    queue.delete("queued");
    expect(queue.isActive()).toBe(false);
    expect(() => queue.delete("unknown")).toThrow(/doesn't exist/);
  });
});
