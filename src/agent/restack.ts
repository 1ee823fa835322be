import { movePart } from "./move-part.js";
import { isSameChangeOn } from "./part-change.js";
import { baseBranchOf, refreshBody } from "./publish.js";
import { pushPart, STACK_FETCH_DEPTH } from "./push-part.js";
import { changeOf } from "./part-change.js";
import { isAncestor } from "./rebase.js";
import { conflictReply, resolvedReply, restackOffer } from "./restack-replies.js";
import type { RunContext } from "./run-context.js";
import { shortSha } from "./stack-lookup.js";

export { commitMessage } from "./move-part.js";
export { STACK_FETCH_DEPTH } from "./push-part.js";

function prOf(ctx: RunContext, k: number): number | null {
  const state = ctx.progress.state.subtasks[k - 1]?.state;
  return state?.kind === "done" ? state.pr.number : null;
}

/**
 * Whether part k's branch, now at `head` instead of the app's last push, holds exactly the app's
 * change rebased onto its base branch (GitHub's cascading rebase of a native stack does that
 * after a merge, as does its "Rebase stack" button). Then the app takes that head as its own
 * and does not rebase or push over it. The head must sit, within the part's number of commits,
 * on a commit of the branch the part's pull request is based on.
 */
async function adoptRebase(ctx: RunContext, k: number, head: string): Promise<boolean> {
  const subtask = ctx.progress.state.subtasks[k - 1];
  if (subtask?.change === null || subtask?.change === undefined) return false;
  const ws = await ctx.workspace();
  const baseBranch = baseBranchOf(ctx, k);
  const tip = await ws.fetchBranch(baseBranch, STACK_FETCH_DEPTH);
  if (tip === null) return false;
  let at: string | null = head;
  for (let i = 0; i < subtask.change.commits && at !== null; i++) {
    at = (await ws.parentsOf(at))?.[0] ?? null;
    if (at === null || !(await isAncestor(ws, at, tip, STACK_FETCH_DEPTH))) continue;
    if (!(await isSameChangeOn(ws, subtask.change, at, head))) return false;
    ctx.progress.setPart(k, { head, base: at, pushing: null, change: await changeOf(ws, at, head, STACK_FETCH_DEPTH) });
    const pr = prOf(ctx, k);
    ctx.progress.note(`${pr === null ? `Part ${k}` : `#${pr}`} was rebased onto \`${baseBranch}\` (${shortSha(at)}) with exactly Stacksmith's changes, as GitHub's stack rebase does; Stacksmith keeps that head and does not push over it.`);
    return true;
  }
  return false;
}

/**
 * Fetches part k's branch and checks that its head is still the bot's last push (or GitHub's
 * rebase of it). When someone else pushed, the part is marked hands-off (never rewritten
 * again). Returns the head.
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
    ctx.progress.setPart(k, { head, pushing: null, change: null });
    return { head, ours: true };
  }
  if (head !== subtask.head) {
    if (await adoptRebase(ctx, k, head)) return { head, ours: true };
    ctx.progress.setPart(k, { handsOff: true });
    ctx.progress.note(`Branch \`${subtask.branch}\` has commits from someone else, so Stacksmith will not rewrite it again.`);
    return { head, ours: false };
  }
  return { head, ours: true };
}

/** Tells a hands-off part's pull request, once per new base, that `/agent restack` merges the new base in. */
async function offerRestack(ctx: RunContext, j: number, onto: string, ontoName: string): Promise<void> {
  const subtask = ctx.progress.state.subtasks[j - 1];
  const pr = prOf(ctx, j);
  if (subtask === undefined || pr === null || subtask.restackOffered === onto) return;
  const belowPr = prOf(ctx, j - 1);
  const below = j === 1 ? `\`${ontoName}\`` : belowPr === null ? `Part ${j - 1}` : `The part below (#${belowPr})`;
  await ctx.github.createComment(pr, restackOffer({ below, ontoName }));
  ctx.progress.setPart(j, { restackOffered: onto });
  ctx.progress.note(`Did not move #${pr}: its branch has commits from someone else. Offered \`/agent restack\` there.`);
}

export interface RestackFrom {
  /** The commit part k+1 moves onto, when it is not part k's head (part k merged: the branch it went into). */
  newBase?: string;
  /** That commit's branch, as a reader knows it. */
  ontoName?: string;
  /** Where part k+1's own changes start, when GitHub's record says otherwise than the state. */
  boundary?: string;
}

/**
 * Moves every open part above part k onto its new base, in one pass: part k+1 onto part k's
 * (new) head, or onto `from.newBase` (part k merged), each later part onto the one before.
 * Conflicts go to the model; one it cannot resolve stops the pass and is said on that part's
 * pull request, as is a part someone else pushed to (offered `/agent restack` instead). Each
 * moved part's body is updated once; no review is requested.
 */
export async function restackAbove(ctx: RunContext, k: number, from: RestackFrom = {}): Promise<number[]> {
  const ws = await ctx.workspace();
  const n = ctx.progress.state.subtasks.length;
  const moved: number[] = [];
  let onto = from.newBase ?? ctx.progress.state.subtasks[k - 1]?.head ?? null;
  let ontoName = from.ontoName ?? ctx.progress.state.subtasks[k - 1]?.branch ?? ctx.job.repo.defaultBranch;
  for (let j = k + 1; j <= n && onto !== null; j++) {
    const before = ctx.progress.state.subtasks[j - 1];
    const pr = prOf(ctx, j);
    if (before === undefined || pr === null || before.head === null || before.base === null) break;
    if (before.base === onto) break;
    const { ours } = await checkOwnership(ctx, j);
    if (!ours) {
      await offerRestack(ctx, j, onto, ontoName);
      break;
    }
    const subtask = ctx.progress.state.subtasks[j - 1];
    if (subtask?.head === null || subtask?.head === undefined || subtask.base === null) break;
    // GitHub (or a person) already rebased it onto its new base with exactly the app's change.
    if (subtask.base === onto) {
      onto = subtask.head;
      ontoName = subtask.branch;
      continue;
    }
    const oldBase = j === k + 1 && from.boundary !== undefined ? from.boundary : subtask.base;
    if (!(await ws.hasCommit(oldBase))) {
      ctx.progress.note(`Part ${j} could not be moved onto the new part ${j - 1}: its history is deeper than ${STACK_FETCH_DEPTH} commits.`);
      break;
    }
    const outcome = await movePart(ctx, j, { oldBase, head: subtask.head, onto, ontoName, merge: false });
    if (outcome.kind === "conflict") {
      await ctx.github.createComment(pr, conflictReply({ ontoName, paths: outcome.paths, reason: outcome.reason }));
      ctx.progress.note(`Part ${j} (#${pr}) conflicts with \`${ontoName}\` in ${outcome.paths.map((p) => `\`${p}\``).join(", ")}; it was left as it was.`);
      break;
    }
    await pushPart(ctx, j, outcome.commit, { base: onto });
    await refreshBody(ctx, j);
    if (outcome.resolved !== null) {
      await ctx.github.createComment(pr, resolvedReply({ ontoName, onto, commit: outcome.commit, ...outcome.resolved, merged: false }));
      ctx.progress.note(`Resolved conflicts of #${pr} with \`${ontoName}\` in ${outcome.resolved.paths.map((p) => `\`${p}\``).join(", ")}.`);
    }
    moved.push(pr);
    onto = outcome.commit;
    ontoName = subtask.branch;
  }
  return moved;
}
