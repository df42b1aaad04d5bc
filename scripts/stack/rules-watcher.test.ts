import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { watchRulesFile } from "./rules-watcher.js";

describe("watchRulesFile", () => {
  const folder = mkdtempSync(join(tmpdir(), "rules-watcher-"));
  const path = join(folder, "storage.rules");
  let stop: (() => void) | undefined;
  afterEach(() => stop?.());

  it("reloads with the new source after an in-place save and after an editor's replace-by-rename", async () => {
    writeFileSync(path, "v1");
    const reload = vi.fn();
    stop = watchRulesFile(path, reload);
    writeFileSync(path, "v2");
    await vi.waitFor(() => expect(reload).toHaveBeenLastCalledWith("v2"), { timeout: 5000 });
    writeFileSync(join(folder, "storage.rules.tmp"), "v3");
    renameSync(join(folder, "storage.rules.tmp"), path);
    await vi.waitFor(() => expect(reload).toHaveBeenLastCalledWith("v3"), { timeout: 5000 });
    expect(reload.mock.calls.map(([source]) => source)).toEqual(["v2", "v3"]);
  });

  afterAll(() => rmSync(folder, { recursive: true, force: true }));
});
