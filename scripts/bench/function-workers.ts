import { readdirSync, readFileSync } from "node:fs";

/**
 * The Functions emulator starts one worker process per concurrent request and keeps every one of them
 * (about 150 MB each), so 50 connections against three functions would hold 150 workers. After a
 * function's run, the bench ends that function's workers; the emulator drops a worker that exits and
 * starts fresh ones for the next warm-up. Only descendants of this process are touched, picked by pid.
 */
export function retireFunctionWorkers(functionName: string): number {
  let retired = 0;
  for (const pid of descendantsOf(process.pid)) {
    const environ = read(`/proc/${pid}/environ`).split("\0");
    if (!environ.includes(`FUNCTION_TARGET=${functionName}`)) continue;
    if (!read(`/proc/${pid}/cmdline`).includes("functionsEmulatorRuntime")) continue;
    try {
      process.kill(pid, "SIGKILL");
      retired++;
    } catch {
      // Already gone.
    }
  }
  return retired;
}

function descendantsOf(root: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    // Field 4 of /proc/<pid>/stat is the parent pid; the command name before it may contain spaces.
    const stat = read(`/proc/${entry}/stat`);
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    parents.set(Number(entry), ppid);
  }
  const isDescendant = (pid: number): boolean => {
    for (let p = parents.get(pid); p !== undefined && p > 1; p = parents.get(p)) if (p === root) return true;
    return false;
  };
  return [...parents.keys()].filter(isDescendant);
}

function read(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}
