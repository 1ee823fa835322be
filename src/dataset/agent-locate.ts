import type { Workspace } from "../git/workspace.js";
import { buildIndex } from "../locate/build-index.js";
import { indexWorkspace } from "../locate/index-workspace.js";
import { loadSourceFiles } from "../locate/load-files.js";
import { locateWithModel } from "../locate/model-locate.js";
import { rankFiles } from "../locate/rank.js";
import { zeroUsage, type ModelClient, type Usage } from "../llm/model-client.js";

/** Locate's answer for a task at a commit: the files to work on, most likely first, and what the model spent. */
export interface Located {
  files: string[];
  usage: Usage;
}

export type Locate = (workspace: Workspace, commit: string, task: string) => Promise<Located>;

/** The locate prefilter alone (no model): the `k` best-ranked files. */
export function prefilterLocate(k: number): Locate {
  return async (workspace, commit, task) => {
    const { files } = await loadSourceFiles(workspace, commit);
    return { files: rankFiles(buildIndex(files), task, { limit: k }).map((f) => f.path), usage: zeroUsage };
  };
}

/** The agent's locate: the prefilter's ranking and repo map, then the model picks the files to edit and to read. */
export function modelLocate(model: ModelClient): Locate {
  return async (workspace, commit, task) => {
    const { index } = await indexWorkspace(workspace, commit);
    const result = await locateWithModel({ model, index, issue: task });
    return { files: [...result.edit, ...result.read.filter((p) => !result.edit.includes(p))], usage: result.usage };
  };
}
