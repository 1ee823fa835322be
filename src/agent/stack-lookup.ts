import type { ProgressSubtask } from "../github/progress-comment.js";
import type { RunContext } from "./run-context.js";

/** Finds the part of the stack that a pull request or branch belongs to (1-based). */
export function partOfPullRequest(ctx: RunContext, pr: number): { k: number; subtask: ProgressSubtask } | null {
  const subtasks = ctx.progress.state.subtasks;
  for (let i = 0; i < subtasks.length; i++) {
    const s = subtasks[i];
    if (s === undefined) continue;
    const state = s.state;
    if ((state.kind === "done" || state.kind === "merged" || state.kind === "closed") && state.pr.number === pr) return { k: i + 1, subtask: s };
  }
  return null;
}

export function partOfBranch(ctx: RunContext, branch: string): { k: number; subtask: ProgressSubtask } | null {
  const i = ctx.progress.state.subtasks.findIndex((s) => s.branch === branch);
  const subtask = ctx.progress.state.subtasks[i];
  return subtask === undefined ? null : { k: i + 1, subtask };
}

export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}

/** The stack's status once a job on it ends: done when every part has an open or merged pull request. */
export function stackStatus(ctx: RunContext): "done" | "failed" | "stopped" {
  const subtasks = ctx.progress.state.subtasks;
  if (subtasks.some((s) => s.state.kind === "closed")) return "stopped";
  return subtasks.every((s) => s.state.kind === "done" || s.state.kind === "merged") ? "done" : "failed";
}
