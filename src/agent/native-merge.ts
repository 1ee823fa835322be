import type { PullRequestData } from "../github/github-client.js";
import { STACK_FETCH_DEPTH } from "./push-part.js";
import { isAncestor, mergeTrees } from "./rebase.js";
import { checkOwnership, restackAbove } from "./restack.js";
import type { RunContext } from "./run-context.js";
import { partOfPullRequest } from "./stack-lookup.js";

function openPr(ctx: RunContext, k: number): number | null {
  const state = ctx.progress.state.subtasks[k - 1]?.state;
  return state?.kind === "done" ? state.pr.number : null;
}

/**
 * Part k of a native GitHub stack was merged. GitHub merges every pull request below the one
 * merged with it, retargets the lowest one left to the stack's base and rebases the rest on
 * its own: the app reads the stack (which parts merged, in GitHub's order), never changes a
 * stacked pull request's base, and keeps GitHub's rebase where it finds it. It moves parts
 * itself only when GitHub cannot: the lowest part conflicts with the stack's base. Null: GitHub
 * holds the pull request in no stack (any more), so the chain of base branches is followed.
 */
export async function onNativeMerge(ctx: RunContext, k: number, merged: PullRequestData): Promise<number[] | null> {
  const answer = await ctx.github.findStack(merged.number);
  // Not in a native stack after all (unstacked, or the repository turned stacks off): the chain's way.
  if (answer.kind !== "stack") {
    ctx.progress.set({ stack: null });
    return null;
  }
  const trunk = answer.stack.baseRef;
  if (ctx.progress.state.stack === null) ctx.progress.set({ stack: { number: answer.stack.number } });
  for (const entry of answer.stack.pullRequests) {
    const part = partOfPullRequest(ctx, entry.number);
    if (entry.merged && part !== null && part.subtask.state.kind === "done") {
      ctx.progress.setPart(part.k, { state: { kind: "merged", pr: part.subtask.state.pr } });
      if (part.k !== k) ctx.progress.note(`#${entry.number} was merged with it, as part of GitHub stack ${answer.stack.number}.`);
    }
  }
  const n = ctx.progress.state.subtasks.length;
  let lowest: number | null = null;
  for (let j = 1; j <= n; j++) if (lowest === null && openPr(ctx, j) !== null) lowest = j;
  if (lowest === null) return [];
  const lowestPr = openPr(ctx, lowest) ?? 0;

  // Every open part: GitHub's rebase of the app's change is taken as the app's own (restack.ts).
  const heads = new Map<number, { head: string | null; ours: boolean }>();
  for (let j = lowest; j <= n; j++) if (openPr(ctx, j) !== null) heads.set(j, await checkOwnership(ctx, j));
  const first = ctx.progress.state.subtasks[lowest - 1];
  const ws = await ctx.workspace();
  const tip = await ws.fetchBranch(trunk, STACK_FETCH_DEPTH);
  if (first === undefined || first.base === null || first.head === null || tip === null || heads.get(lowest)?.ours !== true) return [];
  if (await isAncestor(ws, first.base, tip, STACK_FETCH_DEPTH)) {
    ctx.progress.note(`GitHub retargeted #${lowestPr} to \`${trunk}\`; it already sits on it.`);
    return [];
  }
  const tree = await mergeTrees(ws, { oldBase: first.base, head: first.head, newBase: tip });
  if (tree.conflicts.length === 0 && tree.unmergeable.length === 0) {
    ctx.progress.note(`GitHub retargets #${lowestPr} to \`${trunk}\` and rebases the rest of its stack; Stacksmith leaves that to GitHub and pushes nothing over it.`);
    return [];
  }
  // GitHub's rebase stops at a conflict: the app resolves it and moves the parts itself.
  ctx.progress.note(`#${lowestPr} conflicts with \`${trunk}\`, which GitHub's stack rebase does not resolve; Stacksmith moves it.`);
  return restackAbove(ctx, lowest - 1, { newBase: tip, ontoName: trunk });
}
