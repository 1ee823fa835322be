import type { IssueData } from "../github/github-client.js";
import type { ProgressSubtask } from "../github/progress-comment.js";
import { isStacksmithError } from "../shared/errors.js";
import { branchName } from "./branch-name.js";
import { editAndCommit } from "./change.js";
import type { JobOutcome } from "./outcome.js";
import { planIssue, type PlannedStep } from "./plan.js";
import { renderPlanPrompt, renderSubtaskPrompt, type IssueText } from "./prompts.js";
import { publishSubtask, refreshStackBodies } from "./publish.js";
import { commitMessage } from "./restack.js";
import { locateForIssue } from "./locate-step.js";
import { formNativeStack, requireNativeStacks } from "./native-stack.js";
import { awaitApproval, beforePlanning } from "./plan-approval.js";
import { RepoView } from "./repo-view.js";
import { sanitizeUserText } from "./sanitize.js";
import type { RunContext } from "./run-context.js";
import { asSentence } from "../shared/sentence.js";

const MAX_LISTED_FILES = 400;
const PLAN_OUTPUT_TOKENS = 8_000;
/** Characters of likely files shown whole in a part's first prompt. */
const SHOWN_FILE_CHARS = 60_000;

/** The issue as the model sees it: sanitised, and cut to a size a prompt can hold. */
export function issueText(ctx: RunContext, issue: IssueData): IssueText {
  const trigger = ctx.job.trigger;
  return {
    repo: `${ctx.job.repo.owner}/${ctx.job.repo.name}`,
    number: issue.number,
    title: sanitizeUserText(issue.title, { maxChars: 300 }),
    body: sanitizeUserText(issue.body, { maxChars: 30_000 }),
    instructions: trigger.kind === "issue-command" ? sanitizeUserText(trigger.instructions, { maxChars: 5_000 }) : null,
  };
}

/**
 * Part k of a new plan. Branch names are fixed by the issue, the part and its title, so a
 * new plan may name a branch an earlier plan pushed: the part keeps what the app knows of it
 * (its last push, whether someone else pushed there), and a push never overwrites anyone's.
 */
function subtaskOf(issue: number, k: number, step: PlannedStep, earlier: readonly ProgressSubtask[]): ProgressSubtask {
  const branch = branchName(issue, k, step.title);
  const known = earlier.find((s) => s.branch === branch);
  return {
    ...step,
    branch,
    state: { kind: "pending" },
    summary: "",
    changed: [],
    head: known?.head ?? null,
    base: null,
    pushing: known?.pushing ?? null,
    ciAttempts: 0,
    ciCheckedSha: null,
    ciRerunSha: null,
    handsOff: known?.handsOff ?? false,
    change: null,
    restackOffered: null,
  };
}

/** Locates and plans the issue, unless the progress state holds a plan to resume. Says whether it planned. */
async function ensurePlan(ctx: RunContext, issue: IssueText, view: RepoView): Promise<boolean> {
  const { progress } = ctx;
  if (progress.state.planId !== null && progress.state.status !== "stopped") return false;
  const located = await locateForIssue(ctx, await ctx.workspace(), view.commit, issue);
  ctx.deps.onLocated?.(located);
  const result = await planIssue({
    model: ctx.model(),
    view,
    nonce: ctx.frameNonce,
    prompt: renderPlanPrompt({ issue, repoMap: located.repoMap, edit: located.edit, read: located.read, maxSubtasks: ctx.config.maxSubtasks, nonce: ctx.frameNonce }),
    maxSubtasks: ctx.config.maxSubtasks,
    maxToolTurns: ctx.config.maxToolTurns,
    maxOutputTokens: PLAN_OUTPUT_TOKENS,
  });
  let steps: PlannedStep[];
  if (result.kind === "planned") {
    steps = result.steps;
  } else {
    ctx.log.warn({ reason: result.reason }, "planning failed; working on the issue as one pull request");
    progress.note(`Planning failed (${result.reason}); working on the issue as one pull request.`);
    steps = [{ title: issue.title, goal: "Resolve the issue as described.", files: [], why: "" }];
  }
  const earlier = progress.state.subtasks;
  // Redacted before a title becomes a branch name (the issue's own title is the fallback plan).
  progress.set({ planId: ctx.job.id, stack: null, subtasks: ctx.redactor.deep(steps).map((step, i) => subtaskOf(issue.number, i + 1, step, earlier)) });
  return true;
}

/** The text of the files a part will likely change, whole, within a budget; the model reads the rest with tools. */
async function fileContents(view: RepoView, paths: readonly string[]): Promise<Array<{ path: string; text: string }>> {
  const out: Array<{ path: string; text: string }> = [];
  let budget = SHOWN_FILE_CHARS;
  for (const path of paths) {
    const state = await view.state(path);
    if (state.kind !== "text" || state.content.length > budget) continue;
    out.push({ path, text: state.content });
    budget -= state.content.length;
  }
  return out;
}

function isOpen(s: ProgressSubtask): boolean {
  return s.state.kind === "done" || s.state.kind === "merged";
}

/**
 * An issue's stack: plan it, then for each subtask edit on top of the previous one,
 * push its branch and open its pull request. A new trigger on an issue that already has
 * a stack resumes it where it stopped, and never starts a second one.
 */
export async function openStack(ctx: RunContext): Promise<JobOutcome> {
  const { progress, github } = ctx;
  const gate = await beforePlanning(ctx);
  if (gate !== null) return gate;
  const existing = progress.state;
  if (existing.planId !== null && existing.status !== "stopped" && existing.status !== "working" && existing.subtasks.every(isOpen)) {
    const prs = existing.subtasks.flatMap((s) => ("pr" in s.state ? [`#${s.state.pr.number}`] : [])).join(", ");
    progress.note(`Asked again by @${ctx.job.trigger.actor.login}: the stack (${prs}) is already open. Comment \`/agent fix\` on a pull request to revise it.`);
    await progress.update();
    return { kind: "ignored", reason: "the stack already exists" };
  }

  if (existing.planId === null || existing.status === "stopped") await requireNativeStacks(ctx);
  await progress.update({ status: "working", step: "Reading the issue and the code, and planning the change", message: null });
  const issue = issueText(ctx, await github.getIssue(ctx.issue));
  const ws = await ctx.workspace();
  const waiting = await awaitApproval(ctx, await ensurePlan(ctx, issue, await RepoView.open(ws, ws.head)));
  if (waiting !== null) return waiting;

  const n = progress.state.subtasks.length;
  let base = ws.head;
  for (let k = 1; k <= n; k++) {
    const subtask = progress.state.subtasks[k - 1];
    if (subtask === undefined) break;
    if (isOpen(subtask)) {
      base = (await ws.fetchBranch(subtask.branch, 1)) ?? base;
      continue;
    }
    // The plan is on show, with this part at work, before its code is written.
    progress.setPart(k, { state: { kind: "working" } });
    await progress.update({ step: `Writing part ${k} of ${n}: ${subtask.title}` });
    try {
      const view = await RepoView.open(ws, base);
      const change = await editAndCommit(ctx, {
        base,
        prompt: renderSubtaskPrompt({
          issue,
          plan: progress.state.subtasks,
          k,
          files: view.files.map((f) => f.path),
          maxListedFiles: MAX_LISTED_FILES,
          contents: await fileContents(view, subtask.files),
          nonce: ctx.frameNonce,
        }),
        message: commitMessage(subtask, k, n, issue.number),
      });
      progress.setPart(k, { base, summary: change.summary.slice(0, 2000), changed: change.files });
      const pr = await publishSubtask(ctx, k, change.commit);
      progress.setPart(k, { state: { kind: "done", pr: { number: pr.number, url: pr.url } } });
      base = change.commit;
    } catch (err) {
      if (!isStacksmithError(err)) throw err;
      const opened = progress.state.subtasks.filter(isOpen).length;
      // Said as it is: a branch pushed without its pull request is there, and a retry reuses it.
      const pushed = progress.state.subtasks[k - 1]?.head !== subtask.head;
      const branch = pushed ? `Branch \`${subtask.branch}\` was pushed, but its pull request was not opened; a retry reuses it. ` : "";
      const kept = opened === 0 ? (pushed ? "" : "Nothing was pushed. ") : `${opened} part${opened === 1 ? " is" : "s are"} open. `;
      progress.setPart(k, { state: { kind: "failed", reason: err.message } });
      await progress.update({
        status: "failed",
        step: null,
        message: `**Part ${k} failed:** ${asSentence(err.message)} ${branch}${kept}Comment \`/agent fix\` here to try again.`,
      });
      return { kind: "failed", reason: err.message };
    }
  }
  if (n > 1) {
    await refreshStackBodies(ctx);
    await formNativeStack(ctx);
  }
  const links = progress.state.subtasks.flatMap((s) => (s.state.kind === "done" ? [s.state.pr.url] : []));
  const stack = progress.state.stack === null ? "" : ` as one GitHub stack (stack ${progress.state.stack.number})`;
  await progress.update({
    status: "done",
    step: null,
    message: links.length === 1 ? `Opened ${links[0]}.` : `Opened ${links.length} stacked pull requests${stack}. Review and merge them in order.`,
  });
  return { kind: "done", pullRequests: progress.state.subtasks.flatMap((s) => (s.state.kind === "done" ? [s.state.pr.number] : [])) };
}


