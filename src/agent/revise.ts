import type { ReviewData } from "../github/github-client.js";
import { untrustedBlock } from "../github/markdown-text.js";
import { StacksmithError } from "../shared/errors.js";
import { diffBetween, editAndCommit } from "./change.js";
import { issueText } from "./open-stack.js";
import type { JobOutcome } from "./outcome.js";
import { renderRevisionPrompt } from "./prompts.js";
import { refreshBody } from "./publish.js";
import { pushPart } from "./push-part.js";
import { sanitizeUserText } from "./sanitize.js";
import { checkOwnership, commitMessage, restackAbove } from "./restack.js";
import type { RunContext } from "./run-context.js";
import { partOfPullRequest, shortSha, stackStatus } from "./stack-lookup.js";

function reviewText(review: ReviewData): string {
  const parts = [`Review by @${review.author}:`, review.body.trim() === "" ? "(no summary)" : review.body.trim()];
  if (review.comments.length > 0) {
    parts.push("", "Comments on the code:");
    for (const c of review.comments) parts.push(`- ${c.path}${c.line === null ? "" : `:${c.line}`}: ${c.body.trim()}`);
  }
  return parts.join("\n");
}

/**
 * Revises one part of the stack: a review that requests changes (taken whole) or
 * `/agent fix` on its pull request. The fix is a new commit on the same branch; the
 * parts above are then moved onto it, and each review thread gets a reply.
 */
export async function revisePart(ctx: RunContext): Promise<JobOutcome> {
  const trigger = ctx.job.trigger;
  if (trigger.kind !== "pr-command" && trigger.kind !== "pr-review") throw new Error("revisePart needs a pull request trigger");
  const part = partOfPullRequest(ctx, trigger.pr);
  if (part === null || part.subtask.state.kind !== "done") return { kind: "ignored", reason: `#${trigger.pr} is not an open part of this issue's stack` };
  const { k, subtask } = part;
  const n = ctx.progress.state.subtasks.length;

  const review = trigger.kind === "pr-review" ? await ctx.github.getReview(trigger.pr, trigger.reviewId) : null;
  const asked =
    review !== null ? reviewText(review) : trigger.kind === "pr-command" && trigger.instructions.trim() !== "" ? trigger.instructions : "Check the pull request again and fix what is wrong or missing for its goal.";
  const feedback = sanitizeUserText(asked, { maxChars: 20_000 });
  await ctx.progress.update({ status: "working", step: `Revising #${trigger.pr} (part ${k} of ${n})` });

  const { head, ours } = await checkOwnership(ctx, k);
  if (head === null || subtask.base === null) throw new StacksmithError("EDIT_FAILED", `branch \`${subtask.branch}\` no longer exists`);
  if (!ours) {
    ctx.progress.note(`Did not revise #${trigger.pr}: its branch has commits from someone else, so Stacksmith leaves it alone.`);
    await ctx.progress.update({ status: stackStatus(ctx), step: null });
    return { kind: "ignored", reason: "the branch has commits from someone else" };
  }
  const ws = await ctx.workspace();
  const current = await diffBetween(ws, subtask.base, head);
  const issue = issueText(ctx, await ctx.github.getIssue(ctx.issue));
  const change = await editAndCommit(ctx, {
    base: head,
    prompt: renderRevisionPrompt({ issue, k, n, title: subtask.title, goal: subtask.goal, diff: current.diff, feedbackTitle: review !== null ? "Review" : "Request", feedback, nonce: ctx.frameNonce }),
    message: commitMessage({ ...subtask, title: `Address review on #${trigger.pr}` }, k, n, ctx.issue),
  });
  await pushPart(ctx, k, change.commit);
  const changed = [...new Set([...subtask.changed, ...change.files])].sort();
  ctx.progress.setPart(k, { changed });

  const reply = `Addressed in ${shortSha(change.commit)}: ${change.summary.trim() === "" ? "updated the code as asked." : untrustedBlock(change.summary.trim(), 5_000)}`;
  for (const comment of review?.comments ?? []) await ctx.github.replyToReviewComment(trigger.pr, comment.id, reply);
  await refreshBody(ctx, k);
  const moved = await restackAbove(ctx, k);
  const by = review !== null ? `the review by @${review.author}` : `\`/agent fix\` by @${trigger.actor.login}`;
  ctx.progress.note(`Revised #${trigger.pr} after ${by} in ${shortSha(change.commit)}${moved.length > 0 ? `; moved ${moved.map((m) => `#${m}`).join(", ")} onto it` : ""}.`);
  await ctx.progress.update({ status: stackStatus(ctx), step: null });
  return { kind: "done", pullRequests: [trigger.pr, ...moved] };
}
