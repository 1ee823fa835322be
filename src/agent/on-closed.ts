import type { PullRequestData } from "../github/github-client.js";
import { onNativeMerge } from "./native-merge.js";
import type { JobOutcome } from "./outcome.js";
import { STACK_FETCH_DEPTH } from "./push-part.js";
import { isAncestor } from "./rebase.js";
import { recordPartOutcome } from "./record-outcome.js";
import { restackAbove } from "./restack.js";
import type { RunContext } from "./run-context.js";
import { partOfBranch, partOfPullRequest, shortSha, stackStatus } from "./stack-lookup.js";

/**
 * Where part j's own changes start once the part below was merged, from GitHub's record of
 * the merged pull request's head: that head when part j's history holds it (it may be older
 * than the commit the state says part j sits on, when the part below moved after it was
 * merged), else the commit the state records (the part below got commits part j never had).
 */
async function boundaryFor(ctx: RunContext, j: number, mergedHead: string): Promise<string | undefined> {
  const subtask = ctx.progress.state.subtasks[j - 1];
  if (subtask?.head === null || subtask?.head === undefined || subtask.base === mergedHead) return undefined;
  const ws = await ctx.workspace();
  if ((await ws.fetchBranch(subtask.branch, STACK_FETCH_DEPTH)) !== subtask.head) return undefined;
  if (!(await isAncestor(ws, mergedHead, subtask.head, STACK_FETCH_DEPTH))) return undefined;
  ctx.progress.note(`#${ctx.job.trigger.kind === "pr-closed" ? ctx.job.trigger.pr : "?"} was merged at ${shortSha(mergedHead)}, below the commit part ${j} was built on; part ${j} keeps the changes in between.`);
  return mergedHead;
}

/** The base-branch chain after part k merged: retarget the next part first, then rebase every part above. */
async function onChainMerge(ctx: RunContext, k: number, merged: PullRequestData): Promise<number[]> {
  const next = ctx.progress.state.subtasks[k];
  if (next === undefined || next.state.kind !== "done") return [];
  const nextPr = next.state.pr.number;
  // Where the part went, as GitHub records it: the default branch, or the branch of a part below.
  const target = merged.base;
  const below = partOfBranch(ctx, target);
  const intoTrunk = target === ctx.job.repo.defaultBranch;
  if (!intoTrunk && (below === null || below.k >= k || below.subtask.state.kind !== "done")) {
    ctx.progress.note(`#${merged.number} was merged into \`${target}\`, which is not the default branch or a part of this stack, so #${nextPr} was left as it is.`);
    return [];
  }
  // Retargeted before anything else: GitHub closes a pull request whose base branch is deleted.
  await ctx.github.updatePullRequest(nextPr, { base: target });
  await ctx.progress.update({ status: "working", step: `Moving #${nextPr} onto \`${target}\`` });
  const ws = await ctx.workspace();
  let onto: string | null = ws.head;
  if (below !== null && !intoTrunk) {
    // Merged into part j's branch: part j now holds part k, and a person's merge is on it.
    onto = await ws.fetchBranch(target, STACK_FETCH_DEPTH);
    ctx.progress.setPart(below.k, { handsOff: true });
  }
  if (onto === null) return [];
  const boundary = await boundaryFor(ctx, k + 1, merged.headSha);
  const moved = await restackAbove(ctx, k, { newBase: onto, ontoName: target, ...(boundary === undefined ? {} : { boundary }) });
  ctx.progress.note(`#${nextPr} now targets \`${target}\`${moved.includes(nextPr) ? " and was rebased onto it" : ""}.`);
  return moved;
}

/**
 * A part's pull request closed. Merged: the parts above move onto where it went (GitHub does
 * that itself for a native stack, and the app keeps its result). Closed without merging: the
 * stack stops, and says so.
 */
export async function onPartClosed(ctx: RunContext): Promise<JobOutcome> {
  const trigger = ctx.job.trigger;
  if (trigger.kind !== "pr-closed") throw new Error("onPartClosed needs a pull request trigger");
  const part = partOfPullRequest(ctx, trigger.pr);
  if (part === null || part.subtask.state.kind !== "done") return { kind: "ignored", reason: `#${trigger.pr} is not an open part of this issue's stack` };
  const { k, subtask } = part;
  await recordPartOutcome(ctx, k, subtask, trigger.merged);
  const pr = { number: trigger.pr, url: subtask.state.kind === "done" ? subtask.state.pr.url : "" };

  if (!trigger.merged) {
    ctx.progress.setPart(k, { state: { kind: "closed", pr } });
    await ctx.progress.update({
      status: "stopped",
      step: null,
      message: `Part ${k} (#${trigger.pr}) was closed without merging, so the stack is stopped. Label the issue again or comment \`/agent fix\` to plan it afresh.`,
    });
    return { kind: "done", pullRequests: [] };
  }

  ctx.progress.setPart(k, { state: { kind: "merged", pr } });
  ctx.progress.note(`#${trigger.pr} was merged.`);
  const merged = await ctx.github.getPullRequest(trigger.pr);
  // A native stack, by the app's record, the webhook's `stack` or GitHub's pull request now.
  const native = ctx.progress.state.stack !== null || trigger.stack !== null || merged.stack !== null;
  const moved = (native ? await onNativeMerge(ctx, k, merged) : null) ?? (await onChainMerge(ctx, k, merged));
  const allMerged = ctx.progress.state.subtasks.every((s) => s.state.kind === "merged");
  await ctx.progress.update({ status: stackStatus(ctx), step: null, message: allMerged ? "Every part is merged. Thank you for reviewing!" : ctx.progress.state.message });
  return { kind: "done", pullRequests: moved };
}
