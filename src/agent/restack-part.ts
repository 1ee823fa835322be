import { movePart } from "./move-part.js";
import type { JobOutcome } from "./outcome.js";
import { baseBranchOf, refreshBody } from "./publish.js";
import { pushOnTop, pushPart, STACK_FETCH_DEPTH } from "./push-part.js";
import { isAncestor } from "./rebase.js";
import { checkOwnership, restackAbove } from "./restack.js";
import { conflictReply, resolvedReply } from "./restack-replies.js";
import type { RunContext } from "./run-context.js";
import { partOfPullRequest, shortSha, stackStatus } from "./stack-lookup.js";

/**
 * `/agent restack` on a part's pull request: bring the part up to date with the branch it is
 * based on. A branch someone else pushed to gets that branch merged into it (one merge commit
 * on top, nothing rewritten); the app's own branch is rebased as a restack does. Conflicts go to
 * the model; the parts above then move onto the part's new head.
 */
export async function restackPart(ctx: RunContext): Promise<JobOutcome> {
  const trigger = ctx.job.trigger;
  if (trigger.kind !== "pr-command") throw new Error("restackPart needs a pull request command");
  const part = partOfPullRequest(ctx, trigger.pr);
  if (part === null || part.subtask.state.kind !== "done") return { kind: "ignored", reason: `#${trigger.pr} is not an open part of this issue's stack` };
  const { k } = part;
  const ontoName = baseBranchOf(ctx, k);
  await ctx.progress.update({ status: "working", step: `Bringing #${trigger.pr} up to date with \`${ontoName}\`` });
  const ws = await ctx.workspace();
  const { head, ours } = await checkOwnership(ctx, k);
  const onto = await ws.fetchBranch(ontoName, STACK_FETCH_DEPTH);
  const subtask = ctx.progress.state.subtasks[k - 1];
  const done = async (note: string, outcome: JobOutcome): Promise<JobOutcome> => {
    ctx.progress.note(note);
    await ctx.progress.update({ status: stackStatus(ctx), step: null });
    return outcome;
  };
  if (head === null || onto === null || subtask?.base === null || subtask?.base === undefined) {
    return done(`Could not bring #${trigger.pr} up to date: its branch or \`${ontoName}\` no longer exists.`, { kind: "ignored", reason: "a branch is gone" });
  }
  if (subtask.base === onto || (await isAncestor(ws, onto, head, STACK_FETCH_DEPTH))) {
    return done(`#${trigger.pr} already has everything on \`${ontoName}\` (${shortSha(onto)}).`, { kind: "ignored", reason: "already up to date" });
  }
  if (!(await ws.hasCommit(subtask.base))) {
    return done(`Could not bring #${trigger.pr} up to date: its history is deeper than ${STACK_FETCH_DEPTH} commits.`, { kind: "ignored", reason: "history too deep" });
  }
  const outcome = await movePart(ctx, k, { oldBase: subtask.base, head, onto, ontoName, merge: !ours });
  if (outcome.kind === "conflict") {
    await ctx.github.createComment(trigger.pr, conflictReply({ ontoName, paths: outcome.paths, reason: outcome.reason }));
    return done(`#${trigger.pr} conflicts with \`${ontoName}\`; it was left as it was.`, { kind: "failed", reason: "unresolved conflict" });
  }
  if (ours) {
    await pushPart(ctx, k, outcome.commit, { base: onto });
  } else {
    await pushOnTop(ctx, k, outcome.commit, head);
    ctx.progress.setPart(k, { base: onto });
  }
  await refreshBody(ctx, k);
  const what = ours ? `rebased #${trigger.pr} onto \`${ontoName}\`` : `merged \`${ontoName}\` into #${trigger.pr}`;
  if (outcome.resolved !== null) {
    await ctx.github.createComment(trigger.pr, resolvedReply({ ontoName, onto, commit: outcome.commit, ...outcome.resolved, merged: !ours }));
  } else if (!ours) {
    await ctx.github.createComment(trigger.pr, `Stacksmith merged \`${ontoName}\` (${shortSha(onto)}) into this branch in ${shortSha(outcome.commit)}, as @${trigger.actor.login} asked; nothing on the branch was rewritten.`);
  }
  const moved = await restackAbove(ctx, k);
  return done(`As @${trigger.actor.login} asked, ${what} in ${shortSha(outcome.commit)}${moved.length > 0 ? `; moved ${moved.map((m) => `#${m}`).join(", ")} onto it` : ""}.`, {
    kind: "done",
    pullRequests: [trigger.pr, ...moved],
  });
}
