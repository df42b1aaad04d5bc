import { readFileSync, watch } from "node:fs";
import { basename, dirname } from "node:path";

/** Editors save in bursts (truncate, write, rename); one reload after the burst settles. */
const SETTLE_MS = 100;

/**
 * Calls `reload` with a rules (or index) file's new source whenever its content changes on disk. The folder is
 * watched, not the file, because editors that save by replacing the file end a watch on the file.
 * Returns a function that stops watching.
 */
export function watchRulesFile(path: string, reload: (source: string) => void): () => void {
  const file = basename(path);
  let last = readFileSync(path, "utf8");
  let timer: NodeJS.Timeout | undefined;
  const watcher = watch(dirname(path), (_event, name) => {
    if (name !== file) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      let source: string;
      try {
        source = readFileSync(path, "utf8");
      } catch {
        return; // Between an editor's delete and rename; the rename fires again.
      }
      if (source === last) return;
      last = source;
      reload(source);
    }, SETTLE_MS);
  });
  return () => {
    clearTimeout(timer);
    watcher.close();
  };
}
