import type { CheckRunData } from "../github/github-client.js";
import { diffBetween, editAndCommit } from "./change.js";
import { infraFault } from "./ci-infra.js";
import { issueText } from "./open-stack.js";
import type { JobOutcome } from "./outcome.js";
import { renderRevisionPrompt } from "./prompts.js";
import { refreshBody } from "./publish.js";
import { pushPart } from "./push-part.js";
import { checkOwnership, commitMessage, restackAbove } from "./restack.js";
import type { RunContext } from "./run-context.js";
import { sanitizeUserText } from "./sanitize.js";
import { partOfBranch, shortSha, stackStatus } from "./stack-lookup.js";

const FAILED = new Set(["failure", "timed_out", "startup_failure"]);
const LOG_TAIL_LINES = 150;
const LOG_TAIL_CHARS = 12_000;

/** Characters of a log's end read at all: job logs run to many megabytes, and only their end is shown. */
const LOG_READ_CHARS = LOG_TAIL_CHARS * 4;

/** The end of a job log, without ANSI colours and GitHub's timestamps. The end is cut off first, then read. */
export function logTail(log: string): string {
  const lines = (log.length > LOG_READ_CHARS ? log.slice(-LOG_READ_CHARS) : log)
    .replace(/\u001b\[[0-9;]*m/g, "")
    .split(/\r?\n/)
    .map((l) => l.replace(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z ?/, ""));
  const tail = lines.slice(-LOG_TAIL_LINES).join("\n");
  return tail.length > LOG_TAIL_CHARS ? tail.slice(-LOG_TAIL_CHARS) : tail;
}

async function failureReport(ctx: RunContext, runs: CheckRunData[], logs: ReadonlyMap<number, string | null>): Promise<string> {
  const parts: string[] = [];
  for (const run of runs) {
    parts.push(`## ${run.app === "status" ? "Status" : "Check"} "${run.name}" failed (${run.conclusion ?? "failure"})`);
    if (run.summary.trim() !== "") parts.push(run.summary.trim());
    if (run.app === "status") {
      parts.push("");
      continue;
    }
    const annotations = await ctx.github.listAnnotations(run.id);
    for (const a of annotations) parts.push(`- ${a.path}:${a.line} [${a.level}] ${a.message}`);
    const log = logs.get(run.id) ?? null;
    if (log !== null) parts.push("", "Log (end):", "```", logTail(log), "```");
    parts.push("");
  }
  return parts.join("\n");
}

/**
 * When every failed check is a GitHub Actions job that failed for a reason outside the code
 * (ci-infra.ts), its jobs are re-run once for this head instead of editing code; a failure
 * after that is a code failure. Null: not such a failure, or GitHub would not re-run it.
 */
async function rerunIfInfra(ctx: RunContext, k: number, pr: number, failed: CheckRunData[], logs: ReadonlyMap<number, string | null>): Promise<JobOutcome | null> {
  const trigger = ctx.job.trigger;
  if (trigger.kind !== "ci-failure") return null;
  const faults = failed.map((r) => (r.app === "github-actions" ? infraFault(`${logs.get(r.id) ?? ""}\n${r.summary}`) : null));
  const reason = faults[0];
  if (reason === null || reason === undefined || faults.some((f) => f === null)) return null;
  const names = failed.map((r) => `\`${r.name}\``).join(", ");
  for (const run of failed) {
    if (!(await ctx.github.rerunJob(run.id))) {
      ctx.progress.note(`CI failed on #${pr} (${names}) because ${reason}, not the code, but GitHub did not re-run it (the app needs the Actions write permission); Stacksmith treats it as a code failure.`);
      return null;
    }
  }
  ctx.progress.setPart(k, { ciRerunSha: trigger.headSha, ciCheckedSha: null });
  ctx.progress.note(`CI failed on #${pr} (${names}) because ${reason}, not the code; Stacksmith re-ran the failed job${failed.length === 1 ? "" : "s"} once instead of changing code.`);
  await ctx.progress.update({ status: stackStatus(ctx) });
  return { kind: "done", pullRequests: [] };
}

/** What CI says about a commit: its check runs and its commit statuses. */
async function ciResults(ctx: RunContext, sha: string): Promise<CheckRunData[]> {
  return [...(await ctx.github.listCheckRuns(sha)), ...(await ctx.github.listCommitStatuses(sha))];
}

/**
 * A check (or a commit status) failed on the head of one of the bot's branches. When the same checks pass on
 * the branch it is based on, the bot reads the logs and annotations and pushes a fix, at
 * most `ciFixAttempts` times per part; otherwise it says why it does not.
 */
export async function fixCi(ctx: RunContext): Promise<JobOutcome> {
  const trigger = ctx.job.trigger;
  if (trigger.kind !== "ci-failure") throw new Error("fixCi needs a CI trigger");
  const part = partOfBranch(ctx, trigger.branch);
  if (part === null || part.subtask.state.kind !== "done") return { kind: "ignored", reason: `${trigger.branch} is not an open part of this issue's stack` };
  const { k, subtask } = part;
  const pr = part.subtask.state.pr.number;
  if (subtask.head !== trigger.headSha || subtask.handsOff) return { kind: "ignored", reason: "the check ran on a commit the bot did not push last" };
  if (subtask.ciCheckedSha === trigger.headSha) return { kind: "ignored", reason: "this commit's checks were handled already" };
  const setPart = (patch: Partial<typeof subtask>) => ctx.progress.setPart(k, patch);
  setPart({ ciCheckedSha: trigger.headSha });

  const failed = (await ciResults(ctx, trigger.headSha)).filter((r) => r.status === "completed" && FAILED.has(r.conclusion ?? ""));
  if (failed.length === 0) return { kind: "ignored", reason: "no failed checks on this commit" };
  const names = failed.map((r) => `\`${r.name}\``).join(", ");
  // The branch must still be at the commit the checks ran on, and that commit the bot's.
  const { head, ours } = await checkOwnership(ctx, k);
  if (head !== trigger.headSha || !ours) {
    await ctx.progress.update({ status: stackStatus(ctx) });
    return { kind: "ignored", reason: head === null ? "the branch no longer exists" : "the branch moved on from the commit the checks ran on" };
  }
  const logs = new Map<number, string | null>();
  for (const run of failed) if (run.app === "github-actions") logs.set(run.id, await ctx.github.jobLog(run.id));
  if (subtask.ciRerunSha !== trigger.headSha) {
    const rerun = await rerunIfInfra(ctx, k, pr, failed, logs);
    if (rerun !== null) return rerun;
  }
  if (subtask.ciAttempts >= ctx.config.ciFixAttempts) {
    ctx.progress.note(`CI still fails on #${pr} (${names}) after ${subtask.ciAttempts} fix attempts; Stacksmith gave up. A person needs to look.`);
    await ctx.progress.update({ status: stackStatus(ctx) });
    return { kind: "ignored", reason: "out of CI fix attempts" };
  }

  // "Passes on its base": the commit this part was built on, part 1's included (not today's default branch).
  const baseRuns = subtask.base === null ? [] : await ciResults(ctx, subtask.base);
  const passingOnBase = new Set(baseRuns.filter((r) => r.conclusion === "success").map((r) => r.name));
  const fixable = failed.filter((r) => passingOnBase.has(r.name));
  if (fixable.length === 0) {
    ctx.progress.note(`CI fails on #${pr} (${names}), but the same checks do not pass on the branch it is based on, so Stacksmith did not try a fix.`);
    await ctx.progress.update({ status: stackStatus(ctx) });
    return { kind: "ignored", reason: "the checks do not pass on the base either" };
  }

  const ws = await ctx.workspace();
  const attempt = subtask.ciAttempts + 1;
  setPart({ ciAttempts: attempt });
  await ctx.progress.update({ status: "working", step: `Fixing CI on #${pr} (attempt ${attempt} of ${ctx.config.ciFixAttempts})` });
  const n = ctx.progress.state.subtasks.length;
  const current = subtask.base === null ? { diff: "" } : await diffBetween(ws, subtask.base, trigger.headSha);
  const change = await editAndCommit(ctx, {
    base: trigger.headSha,
    prompt: renderRevisionPrompt({
      issue: issueText(ctx, await ctx.github.getIssue(ctx.issue)),
      k,
      n,
      title: subtask.title,
      goal: subtask.goal,
      diff: current.diff,
      feedbackTitle: "CI failures",
      feedback: sanitizeUserText(await failureReport(ctx, fixable, logs), { maxChars: 40_000 }),
      nonce: ctx.frameNonce,
    }),
    message: commitMessage({ ...subtask, title: `Fix CI on #${pr}` }, k, n, ctx.issue),
  });
  await pushPart(ctx, k, change.commit);
  setPart({ changed: [...new Set([...subtask.changed, ...change.files])].sort() });
  await refreshBody(ctx, k);
  const moved = await restackAbove(ctx, k);
  ctx.progress.note(`CI failed on #${pr} (${fixable.map((r) => `\`${r.name}\``).join(", ")}); pushed fix attempt ${attempt} of ${ctx.config.ciFixAttempts} in ${shortSha(change.commit)}${moved.length > 0 ? `; moved ${moved.map((m) => `#${m}`).join(", ")} onto it` : ""}.`);
  await ctx.progress.update({ status: stackStatus(ctx), step: null });
  return { kind: "done", pullRequests: [pr, ...moved] };
}
