import type { PullRequestRef } from "../github/github-client.js";
import { pullRequestTitle, renderPullRequestBody, type StackLink } from "../github/pr-body.js";
import type { ProgressSubtask } from "../github/progress-comment.js";
import { pushPart } from "./push-part.js";
import type { RunContext } from "./run-context.js";

function prNumber(s: ProgressSubtask): number | null {
  return s.state.kind === "done" || s.state.kind === "merged" || s.state.kind === "closed" ? s.state.pr.number : null;
}

function usageLine(ctx: RunContext): string {
  const { usage, costUsd, model } = ctx.progress.state;
  const input = usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens;
  const cost = costUsd === null ? "" : `, $${costUsd.toFixed(2)}`;
  return `${model}, ${input.toLocaleString("en-US")} input and ${usage.outputTokens.toLocaleString("en-US")} output tokens so far${cost}`;
}

/** The branch part k's pull request targets: the previous part's branch, or the default branch. */
export function baseBranchOf(ctx: RunContext, k: number): string {
  const subtasks = ctx.progress.state.subtasks;
  for (let i = k - 2; i >= 0; i--) {
    const prev = subtasks[i];
    if (prev !== undefined && prev.state.kind !== "merged") return prev.branch;
  }
  return ctx.job.repo.defaultBranch;
}

function bodyOf(ctx: RunContext, k: number, number: number | null): string {
  const subtasks = ctx.progress.state.subtasks;
  const subtask = subtasks[k - 1];
  if (subtask === undefined || subtask.head === null || subtask.base === null) throw new Error(`part ${k} has no commit to describe`);
  const stack: StackLink[] = subtasks.map((s, i) => ({ title: s.title, number: i === k - 1 ? number : prNumber(s) }));
  return renderPullRequestBody(
    {
      meta: { issue: ctx.issue, k, n: subtasks.length, head: subtask.head, base: subtask.base, plan: ctx.progress.state.planId ?? "" },
      summary: subtask.summary,
      stack,
      files: subtask.changed,
      usageLine: usageLine(ctx),
    },
    ctx.seal,
  );
}

/**
 * Pushes part k's branch to `commit` (push-part.ts: only over the app's own last push) and
 * opens its pull request, or updates the one already open for that branch.
 */
export async function publishSubtask(ctx: RunContext, k: number, commit: string): Promise<PullRequestRef> {
  await pushPart(ctx, k, commit);
  const subtask = ctx.progress.state.subtasks[k - 1];
  if (subtask === undefined) throw new Error(`part ${k} has no commit to publish`);
  const n = ctx.progress.state.subtasks.length;
  const title = pullRequestTitle(subtask.title, k, n);
  const base = baseBranchOf(ctx, k);
  const existing = await ctx.github.findPullRequest(subtask.branch);
  if (existing !== null) {
    await ctx.github.updatePullRequest(existing.number, { title, base, body: bodyOf(ctx, k, existing.number) });
    return existing;
  }
  return ctx.github.createPullRequest({ title, head: subtask.branch, base, draft: ctx.config.draft, body: bodyOf(ctx, k, null) });
}

/** Rewrites every open part's body so each links to all the others. */
export async function refreshStackBodies(ctx: RunContext): Promise<void> {
  const subtasks = ctx.progress.state.subtasks;
  for (let k = 1; k <= subtasks.length; k++) {
    const subtask = subtasks[k - 1];
    if (subtask === undefined || subtask.state.kind !== "done") continue;
    await ctx.github.updatePullRequest(subtask.state.pr.number, { body: bodyOf(ctx, k, subtask.state.pr.number) });
  }
}

/** Updates part k's body after its head moved (revision, restack). */
export async function refreshBody(ctx: RunContext, k: number): Promise<void> {
  const subtask = ctx.progress.state.subtasks[k - 1];
  if (subtask === undefined || subtask.state.kind !== "done") return;
  await ctx.github.updatePullRequest(subtask.state.pr.number, { body: bodyOf(ctx, k, subtask.state.pr.number) });
}
