import { indexWorkspace, locateWithModel, rankFiles, renderRepoMap } from "../locate/index.js";
import type { Workspace } from "../git/workspace.js";
import { rememberDefinedNames } from "./defined-names.js";
import type { IssueText } from "./prompts.js";
import type { RunContext } from "./run-context.js";

/** What locate tells the planner: a map of the repository, and the files to edit and to read. */
export interface Located {
  repoMap: string;
  edit: string[];
  read: string[];
  /** Whether the model chose (stage 2) or the ranking alone did. */
  by: "model" | "ranking";
}

const REPO_MAP_TOKENS = 4_000;
const RANKED_CANDIDATES = 5;

/**
 * Locate for one issue: rank every file without the model (BM25, paths, stack traces,
 * symbols, the import graph), then let the model pick the files to edit and to read.
 * Small repositories, whose whole file list the planner sees anyway, skip the model step.
 */
export async function locateForIssue(ctx: RunContext, ws: Workspace, commit: string, issue: IssueText): Promise<Located> {
  const { index } = await indexWorkspace(ws, commit);
  rememberDefinedNames(ws, commit, () => index.tags.definedNames());
  const text = [issue.title, issue.body, issue.instructions ?? ""].join("\n");
  const ranked = rankFiles(index, text);
  const repoMap = renderRepoMap(index, ranked, REPO_MAP_TOKENS);
  if (index.files.length < ctx.config.modelLocateMinFiles) {
    return { repoMap, edit: ranked.slice(0, RANKED_CANDIDATES).map((r) => r.path), read: [], by: "ranking" };
  }
  const result = await locateWithModel({ model: ctx.model(), index, issue: text, ranked, nonce: ctx.frameNonce });
  ctx.log.info({ edit: result.edit, read: result.read, rejected: result.rejected, stop: result.stop, turns: result.turns }, "located");
  return { repoMap, edit: result.edit, read: result.read, by: "model" };
}
