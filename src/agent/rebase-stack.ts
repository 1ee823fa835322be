import type { JobOutcome } from "./outcome.js";
import { STACK_FETCH_DEPTH } from "./push-part.js";
import { mergeTrees } from "./rebase.js";
import { restackAbove } from "./restack.js";
import type { RunContext } from "./run-context.js";
import { shortSha, stackStatus } from "./stack-lookup.js";

/** The lowest part whose pull request is open (the one based on the default branch), 1-based. */
function lowestOpen(ctx: RunContext): { k: number; pr: number } | null {
  const subtasks = ctx.progress.state.subtasks;
  for (let i = 0; i < subtasks.length; i++) {
    const state = subtasks[i]?.state;
    if (state?.kind === "done") return { k: i + 1, pr: state.pr.number };
  }
  return null;
}

/**
 * Moves the whole stack onto the default branch's head, in one pass (restack.ts: conflicts to
 * the model, parts someone else pushed to left alone and offered `/agent restack`), and tells
 * the reviewers in one line on the lowest part's pull request.
 */
export async function rebaseStack(ctx: RunContext, why: "asked" | "conflict"): Promise<JobOutcome> {
  const lowest = lowestOpen(ctx);
  if (lowest === null) return { kind: "ignored", reason: "no part of the stack is open" };
  const trunk = ctx.job.repo.defaultBranch;
  const ws = await ctx.workspace();
  const subtask = ctx.progress.state.subtasks[lowest.k - 1];
  if (subtask?.base === ws.head) {
    if (why === "asked") {
      ctx.progress.note(`Asked to rebase by @${ctx.job.trigger.actor.login}: the stack already sits on \`${trunk}\` (${shortSha(ws.head)}).`);
      await ctx.progress.update();
    }
    return { kind: "ignored", reason: "the stack already sits on the default branch's head" };
  }
  await ctx.progress.update({ status: "working", step: `Rebasing the stack onto \`${trunk}\` (${shortSha(ws.head)})` });
  const moved = await restackAbove(ctx, lowest.k - 1, { newBase: ws.head, ontoName: trunk });
  const because = why === "asked" ? `as @${ctx.job.trigger.actor.login} asked` : `because \`${trunk}\` moved on and no longer merged cleanly with it`;
  if (moved.length > 0) {
    const list = moved.map((m) => `#${m}`).join(", ");
    await ctx.github.createComment(lowest.pr, `Stacksmith rebased this stack (${list}) onto \`${trunk}\` at ${shortSha(ws.head)}, ${because}.`);
    ctx.progress.note(`Rebased ${list} onto \`${trunk}\` (${shortSha(ws.head)}), ${because}.`);
  }
  await ctx.progress.update({ status: stackStatus(ctx), step: null });
  return { kind: "done", pullRequests: moved };
}

/**
 * The default branch got new commits: with `autoRebase`, the stack is rebased onto them when its
 * lowest part no longer merges cleanly (GitHub says `dirty`, or a three-way merge conflicts).
 * A stack that still merges cleanly is left as it is, so reviews are not disturbed.
 */
export async function onBaseMoved(ctx: RunContext): Promise<JobOutcome> {
  if (!ctx.config.autoRebase) return { kind: "ignored", reason: "autoRebase is off" };
  const lowest = lowestOpen(ctx);
  const subtask = lowest === null ? undefined : ctx.progress.state.subtasks[lowest.k - 1];
  if (lowest === null || subtask?.base === null || subtask?.base === undefined || subtask.head === null) return { kind: "ignored", reason: "no part of the stack is open" };
  const ws = await ctx.workspace();
  if (subtask.base === ws.head) return { kind: "ignored", reason: "the stack already sits on the default branch's head" };
  const head = await ws.fetchBranch(subtask.branch, STACK_FETCH_DEPTH);
  if (head === null) return { kind: "ignored", reason: "the lowest part's branch is gone" };
  if ((await ctx.github.getPullRequest(lowest.pr)).mergeableState !== "dirty") {
    if (!(await ws.hasCommit(subtask.base))) return { kind: "ignored", reason: "the lowest part's history is too deep to tell" };
    const tree = await mergeTrees(ws, { oldBase: subtask.base, head, newBase: ws.head });
    if (tree.conflicts.length === 0 && tree.unmergeable.length === 0) return { kind: "ignored", reason: "the stack still merges cleanly with the default branch" };
  }
  return rebaseStack(ctx, "conflict");
}
