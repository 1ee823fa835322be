import { StacksmithError, isStacksmithError } from "../shared/errors.js";
import { parsePrMeta } from "../github/pr-body.js";
import { changeOf } from "./part-change.js";
import type { RunContext } from "./run-context.js";
import { asSentence } from "../shared/sentence.js";

/** How many commits of a stacked branch to fetch: enough to reach the commit it was built on. */
export const STACK_FETCH_DEPTH = 20;

/** Whether the open pull request of `branch` carries a signed record of this issue naming `head` as the app's push. */
async function recordedAsOurs(ctx: RunContext, branch: string, head: string): Promise<boolean> {
  const pr = await ctx.github.findPullRequest(branch);
  if (pr === null) return false;
  const meta = parsePrMeta((await ctx.github.getPullRequest(pr.number)).body, ctx.seal);
  return meta !== null && meta.issue === ctx.issue && meta.head === head;
}

/**
 * Pushes part k's branch to `commit`, with the app's own lease: the branch must be at the
 * commit the state says the app last pushed there (or at the push a run that died was
 * making), or not exist when the app never pushed it. Anything else is someone else's work,
 * which is never overwritten: the part turns hands-off and the error says why.
 *
 * The push is written into the progress comment before it is sent, so a run that dies right
 * after pushing leaves a state that knows the branch's new head. `moved.base`: the commit the
 * push sits on now, when it moved the part onto another one. The state then records what the
 * push changes from it (part-change.ts), by which the app knows its change again once GitHub
 * has rebased it.
 */
export async function pushPart(ctx: RunContext, k: number, commit: string, moved: { base?: string } = {}): Promise<void> {
  const subtask = ctx.progress.state.subtasks[k - 1];
  if (subtask === undefined) throw new Error(`there is no part ${k}`);
  if (subtask.handsOff) {
    throw new StacksmithError("BRANCH_NOT_OURS", `branch \`${subtask.branch}\` has commits from someone else, so Stacksmith leaves it alone`, { branch: subtask.branch });
  }
  const expect = subtask.pushing === null ? [subtask.head] : [subtask.head, subtask.pushing];
  const ws = await ctx.workspace();
  ctx.progress.setPart(k, { pushing: commit });
  await ctx.progress.save();
  try {
    try {
      await ws.push({ branch: subtask.branch, commit, expect });
    } catch (err) {
      // A state that lost track of the branch (its comment deleted, say): its open pull request's
      // signed record may still name the commit there as the app's own.
      const current = isStacksmithError(err) && err.code === "BRANCH_NOT_OURS" ? err.data.current : null;
      if (typeof current !== "string" || !(await recordedAsOurs(ctx, subtask.branch, current))) throw err;
      await ws.push({ branch: subtask.branch, commit, expect: [current] });
    }
  } catch (err) {
    ctx.progress.setPart(k, { pushing: null });
    if (isStacksmithError(err) && err.code === "BRANCH_NOT_OURS") {
      ctx.progress.setPart(k, { handsOff: true });
      ctx.progress.note(`Did not push part ${k}: ${asSentence(err.message)}`);
    }
    throw err;
  }
  const base = moved.base ?? subtask.base;
  const change = base === null ? null : await changeOf(ws, base, commit, STACK_FETCH_DEPTH);
  ctx.progress.setPart(k, { head: commit, pushing: null, base, change, restackOffered: null });
}

/**
 * Pushes a merge commit onto a branch someone else pushed to, as its owner asked
 * (`/agent restack`): a fast-forward from `over`, the branch's head now, which must be the
 * commit's first parent. Nothing on the branch is rewritten, and the part stays hands-off.
 */
export async function pushOnTop(ctx: RunContext, k: number, commit: string, over: string): Promise<void> {
  const subtask = ctx.progress.state.subtasks[k - 1];
  if (subtask === undefined) throw new Error(`there is no part ${k}`);
  const ws = await ctx.workspace();
  if ((await ws.parentsOf(commit))?.[0] !== over) throw new StacksmithError("INTERNAL", `the commit for part ${k} is not on top of its branch's head`);
  await ws.push({ branch: subtask.branch, commit, expect: [over] });
  ctx.progress.setPart(k, { head: commit, pushing: null, restackOffered: null });
}
