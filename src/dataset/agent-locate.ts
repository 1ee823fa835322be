import type { Workspace } from "../git/workspace.js";
import { buildIndex } from "../locate/build-index.js";
import { loadSourceFiles } from "../locate/load-files.js";
import { rankFiles } from "../locate/rank.js";

/** Locate's answer for a task at a commit: the files to work on, most likely first. */
export type Locate = (workspace: Workspace, commit: string, task: string) => Promise<string[]>;

/** The locate prefilter alone (no model): the `k` best-ranked files. */
export function prefilterLocate(k: number): Locate {
  return async (workspace, commit, task) => {
    const { files } = await loadSourceFiles(workspace, commit);
    return rankFiles(buildIndex(files), task, { limit: k }).map((f) => f.path);
  };
}
