import { diffBetween } from "./change.js";
import type { RunContext } from "./run-context.js";
import type { ProgressSubtask } from "../github/progress-comment.js";
import { OUTCOME_SCHEMA, outcomeOf, type PartOutcomeRecord } from "../dataset/outcomes/part-outcome.js";
import { readOutcomeFiles, type OutcomeFiles } from "../dataset/outcomes/outcome-files.js";

/** Commits fetched back from the part's branch head to find the bot's base and head again. */
const FETCH_DEPTH = 50;

/**
 * Records what happened to a part's pull request in the job's outcome sink, if it has one.
 * Patches are best effort (a deleted branch, a history rewritten past the bot's base): what
 * cannot be read is null with a note, and no failure here ever stops the job.
 */
export async function recordPartOutcome(ctx: RunContext, k: number, subtask: ProgressSubtask, merged: boolean): Promise<void> {
  const sink = ctx.deps.outcomes;
  if (sink === undefined || !("pr" in subtask.state)) return;
  const pr = subtask.state.pr;
  const notes: string[] = [];
  let finalHead: string | null = null;
  let botPatch: string | null = null;
  let finalPatch: string | null = null;
  let task = "";
  let files: OutcomeFiles | null = null;
  try {
    const issue = await ctx.github.getIssue(ctx.issue);
    task = `${issue.title}\n\n${issue.body}`.trim();
    const ws = await ctx.workspace();
    // The branch's head is the change as it ended; once the branch is deleted, the pull request still names it.
    // Once the branch is deleted, GitHub still serves the pull request's head as refs/pull/N/head.
    finalHead = (await ws.fetchBranch(subtask.branch, FETCH_DEPTH)) ?? (await ws.fetchBranch(`refs/pull/${pr.number}/head`, FETCH_DEPTH));
    if (finalHead === null) {
      notes.push(`the branch ${subtask.branch} is gone`);
      finalHead = (await ctx.github.getPullRequest(pr.number)).headSha;
    }
    const base = subtask.base;
    const has = async (oid: string | null): Promise<boolean> => oid !== null && (await ws.hasCommit(oid));
    if (base !== null && (await has(base)) && (await has(subtask.head))) botPatch = (await diffBetween(ws, base, subtask.head ?? base)).diff;
    else notes.push("the bot's commits could not be read");
    if (base !== null && (await has(base)) && (await has(finalHead))) finalPatch = (await diffBetween(ws, base, finalHead)).diff;
    else notes.push("the final head could not be read");
    if (base !== null && botPatch !== null && finalPatch !== null && finalHead !== null) files = await readOutcomeFiles(ws, base, subtask.head ?? base, finalHead);
  } catch (err) {
    notes.push(`reading the change failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  const record: PartOutcomeRecord = {
    schema: OUTCOME_SCHEMA,
    repo: `${ctx.job.repo.owner}/${ctx.job.repo.name}`,
    issue: ctx.issue,
    pr: pr.number,
    pr_url: pr.url,
    part: k,
    parts: ctx.progress.state.subtasks.length,
    title: subtask.title,
    task,
    branch: subtask.branch,
    outcome: outcomeOf(merged, subtask.head, finalHead, subtask.handsOff),
    model: ctx.modelId,
    base_sha: subtask.base,
    bot_head_sha: subtask.head,
    final_head_sha: finalHead,
    bot_patch: botPatch,
    final_patch: finalPatch,
    closed_at: ctx.now.toISOString(),
    note: notes.length === 0 ? null : notes.join("; "),
    files: files?.files ?? null,
    excluded_files: files?.excluded ?? [],
  };
  try {
    await sink.record(record);
  } catch (err) {
    ctx.log.warn({ err, pr: pr.number }, "recording the pull request's outcome failed");
  }
}
