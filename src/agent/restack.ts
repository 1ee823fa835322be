import type { ProgressSubtask } from "../github/progress-comment.js";
import { refreshBody } from "./publish.js";
import { pushPart } from "./push-part.js";
import { rebaseBranch } from "./rebase.js";
import type { RunContext } from "./run-context.js";

/** How many commits of a stacked branch to fetch: enough to reach the commit it was built on. */
export const STACK_FETCH_DEPTH = 20;

export function commitMessage(subtask: ProgressSubtask, k: number, n: number, issue: number): string {
  return `${subtask.title}\n\n${k === n ? "Fixes" : `Part ${k} of ${n} for`} #${issue}`;
}

/**
 * Fetches part k's branch and checks that its head is still the bot's last push. When
 * someone else pushed, the part is marked hands-off (never rewritten again). Returns the head.
 */
export async function checkOwnership(ctx: RunContext, k: number): Promise<{ head: string | null; ours: boolean }> {
  const subtask = ctx.progress.state.subtasks[k - 1];
  if (subtask === undefined) return { head: null, ours: false };
  const ws = await ctx.workspace();
  const head = await ws.fetchBranch(subtask.branch, STACK_FETCH_DEPTH);
  if (head === null) return { head: null, ours: false };
  if (subtask.handsOff) return { head, ours: false };
  // A run that died while pushing left the branch at the push it was making: that is ours too.
  if (subtask.pushing !== null && head === subtask.pushing) {
    ctx.progress.setPart(k, { head, pushing: null });
    return { head, ours: true };
  }
  if (head !== subtask.head) {
    ctx.progress.setPart(k, { handsOff: true });
    ctx.progress.note(`Branch \`${subtask.branch}\` has commits from someone else, so Stacksmith will not rewrite it again.`);
    return { head, ours: false };
  }
  return { head, ours: true };
}

/**
 * Moves the open parts above part k onto their new base, in order: part k+1 onto part k's
 * (new) head, or onto `newBase` when given (part k merged). Stops at a part someone else
 * pushed to, or at a conflict, and says so in the progress notes.
 */
export async function restackAbove(ctx: RunContext, k: number, newBase?: string): Promise<number[]> {
  const ws = await ctx.workspace();
  const n = ctx.progress.state.subtasks.length;
  const moved: number[] = [];
  let onto = newBase ?? ctx.progress.state.subtasks[k - 1]?.head ?? null;
  for (let j = k + 1; j <= n && onto !== null; j++) {
    const subtask = ctx.progress.state.subtasks[j - 1];
    if (subtask === undefined || subtask.state.kind !== "done" || subtask.head === null || subtask.base === null) break;
    if (subtask.base === onto) break;
    const { ours } = await checkOwnership(ctx, j);
    if (!ours) break;
    if (!(await ws.hasCommit(subtask.base))) {
      ctx.progress.note(`Part ${j} could not be moved onto the new part ${j - 1}: its history is deeper than ${STACK_FETCH_DEPTH} commits.`);
      break;
    }
    const result = await rebaseBranch(ws, {
      oldBase: subtask.base,
      head: subtask.head,
      newBase: onto,
      message: commitMessage(subtask, j, n, ctx.issue),
      author: ctx.deps.author,
      timestamp: ctx.timestamp,
    });
    if (result.kind === "conflict") {
      ctx.progress.note(`Part ${j} (#${subtask.state.pr.number}) conflicts with the change below it in ${result.paths.map((p) => `\`${p}\``).join(", ")}; it was left as it was.`);
      break;
    }
    await pushPart(ctx, j, result.commit);
    ctx.progress.setPart(j, { base: onto });
    await refreshBody(ctx, j);
    moved.push(subtask.state.pr.number);
    onto = result.commit;
  }
  return moved;
}
