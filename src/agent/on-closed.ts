import { recordPartOutcome } from "./record-outcome.js";
import type { JobOutcome } from "./outcome.js";
import { restackAbove, STACK_FETCH_DEPTH } from "./restack.js";
import type { RunContext } from "./run-context.js";
import { partOfBranch, partOfPullRequest, stackStatus } from "./stack-lookup.js";

/**
 * A part's pull request closed. Merged: the next open part now targets the default
 * branch and is moved onto it. Closed without merging: the stack stops, and says so.
 */
export async function onPartClosed(ctx: RunContext): Promise<JobOutcome> {
  const trigger = ctx.job.trigger;
  if (trigger.kind !== "pr-closed") throw new Error("onPartClosed needs a pull request trigger");
  const part = partOfPullRequest(ctx, trigger.pr);
  if (part === null || part.subtask.state.kind !== "done") return { kind: "ignored", reason: `#${trigger.pr} is not an open part of this issue's stack` };
  const { k, subtask } = part;
  await recordPartOutcome(ctx, k, subtask, trigger.merged);
  const pr = { number: trigger.pr, url: subtask.state.kind === "done" ? subtask.state.pr.url : "" };
  const setPart = (j: number, patch: Partial<typeof subtask>) => ctx.progress.setPart(j, patch);

  if (!trigger.merged) {
    setPart(k, { state: { kind: "closed", pr } });
    await ctx.progress.update({
      status: "stopped",
      step: null,
      message: `Part ${k} (#${trigger.pr}) was closed without merging, so the stack is stopped. Label the issue again or comment \`/agent fix\` to plan it afresh.`,
    });
    return { kind: "done", pullRequests: [] };
  }

  setPart(k, { state: { kind: "merged", pr } });
  ctx.progress.note(`#${trigger.pr} was merged.`);
  const next = ctx.progress.state.subtasks[k];
  const moved: number[] = [];
  if (next !== undefined && next.state.kind === "done") {
    // Where the part went, as GitHub records it: the default branch, or the branch of a part below.
    const target = (await ctx.github.getPullRequest(trigger.pr)).base;
    const below = partOfBranch(ctx, target);
    const ws = await ctx.workspace();
    let onto: string | null = null;
    if (target === ctx.job.repo.defaultBranch) {
      onto = ws.head;
    } else if (below !== null && below.k < k && below.subtask.state.kind === "done") {
      // Merged into part j's branch: part j now holds part k, and a person's merge is on it.
      onto = await ws.fetchBranch(target, STACK_FETCH_DEPTH);
      setPart(below.k, { handsOff: true });
    }
    if (onto === null) {
      ctx.progress.note(`#${trigger.pr} was merged into \`${target}\`, which is not the default branch or a part of this stack, so #${next.state.pr.number} was left as it is.`);
    } else {
      await ctx.progress.update({ status: "working", step: `Moving #${next.state.pr.number} onto \`${target}\`` });
      await ctx.github.updatePullRequest(next.state.pr.number, { base: target });
      moved.push(...(await restackAbove(ctx, k, onto)));
      ctx.progress.note(`#${next.state.pr.number} now targets \`${target}\`${moved.length > 0 ? " and was rebased onto it" : ""}.`);
    }
  }
  const allMerged = ctx.progress.state.subtasks.every((s) => s.state.kind === "merged");
  await ctx.progress.update({ status: stackStatus(ctx), step: null, message: allMerged ? "Every part is merged. Thank you for reviewing!" : ctx.progress.state.message });
  return { kind: "done", pullRequests: moved };
}
