import { renderUnifiedDiff } from "../edit/unified-diff.js";
import type { FileChange, Workspace } from "../git/workspace.js";
import { StacksmithError } from "../shared/errors.js";
import { runEditLoop } from "./edit-loop.js";
import { protectedPathMatcher } from "./protected-paths.js";
import { REPO_TOOLS } from "./repo-tools.js";
import { RepoView } from "./repo-view.js";
import type { RunContext } from "./run-context.js";
import { EDIT_SYSTEM_PROMPT } from "./prompts.js";
import { writeProblem } from "./write-guard.js";

const MAX_OUTPUT_TOKENS = 16_000;

export interface Change {
  commit: string;
  files: string[];
  summary: string;
}

/** The files that really differ from `view` (edits may restore a file's content). */
export async function netChanges(view: RepoView, changes: Map<string, string | null>): Promise<FileChange[]> {
  const out: FileChange[] = [];
  for (const [path, content] of changes) {
    const before = await view.state(path);
    const unchanged = content === null ? before.kind === "missing" : before.kind === "text" && before.content === content;
    if (!unchanged) out.push({ path, content });
  }
  return out;
}

/**
 * Runs the edit loop on the tree at `base` and commits the result on top of it.
 * Throws EDIT_FAILED with the reason when the model produces no change that applies.
 */
export async function editAndCommit(ctx: RunContext, input: { base: string; prompt: string; message: string }): Promise<Change> {
  const ws = await ctx.workspace();
  const view = await RepoView.open(ws, input.base);
  const isProtected = protectedPathMatcher(ctx.config.protectedPaths);
  const result = await runEditLoop({
    model: ctx.model(),
    view,
    system: EDIT_SYSTEM_PROMPT,
    prompt: input.prompt,
    tools: REPO_TOOLS,
    maxToolTurns: ctx.config.maxToolTurns,
    maxEditRounds: ctx.config.maxEditRounds,
    maxOutputTokens: MAX_OUTPUT_TOKENS,
    isProtected,
    nonce: ctx.frameNonce,
  });
  if (result.kind === "failed") throw new StacksmithError("EDIT_FAILED", result.reason);
  const changes = (await netChanges(view, result.changes)).map((c) => (typeof c.content === "string" ? { ...c, content: ctx.redactor.text(c.content) } : c));
  if (changes.length === 0) throw new StacksmithError("EDIT_FAILED", "the model's edits leave every file as it was");
  const problem = writeProblem(view, changes, { isProtected });
  if (problem !== null) throw new StacksmithError("EDIT_FAILED", problem);
  const message = ctx.redactor.text(input.message);
  const commit = await ws.commit({ parent: input.base, changes, message, author: ctx.deps.author, timestamp: ctx.timestamp });
  return { commit, files: changes.map((c) => c.path), summary: result.summary };
}

const decoder = new TextDecoder();

/** The unified diff between two commits' trees, for prompts. Binary files are named, not shown. */
export async function diffBetween(ws: Workspace, from: string, to: string): Promise<{ diff: string; files: string[] }> {
  const [a, b] = await Promise.all([ws.listFiles(from), ws.listFiles(to)]);
  const before = new Map(a.map((e) => [e.path, e.oid]));
  const after = new Map(b.map((e) => [e.path, e.oid]));
  const paths = [...new Set([...before.keys(), ...after.keys()])].filter((p) => before.get(p) !== after.get(p)).sort();
  const oldText = new Map<string, string | null>();
  const newText = new Map<string, string | null>();
  for (const path of paths) {
    const [x, y] = await Promise.all([ws.readFile(from, path), ws.readFile(to, path)]);
    oldText.set(path, x === null ? null : decoder.decode(x));
    newText.set(path, y === null ? null : decoder.decode(y));
  }
  return { diff: renderUnifiedDiff(oldText, newText), files: paths };
}
