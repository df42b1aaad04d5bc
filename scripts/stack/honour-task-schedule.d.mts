/** Makes firebase-tools' TaskQueue class hold tasks until their scheduleTime (see the .mjs). */
export function honourScheduleTime(TaskQueue: new (...args: never[]) => unknown): void;
