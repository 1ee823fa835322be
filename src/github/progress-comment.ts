import type { Usage } from "../llm/model-client.js";

/** The single progress comment on an issue: its state, rendered by a pure function. */

export type SubtaskState =
  | { kind: "pending" }
  | { kind: "working" }
  | { kind: "done"; pr: { number: number; url: string } }
  | { kind: "failed"; reason: string };

export interface ProgressSubtask {
  title: string;
  state: SubtaskState;
}

export type RunStatus = "working" | "done" | "failed";

export interface Progress {
  issue: number;
  status: RunStatus;
  /** What the run is doing now, while working. */
  step: string | null;
  subtasks: ProgressSubtask[];
  /** The outcome for the reader: a summary when done, the reason when failed. */
  message: string | null;
  model: string;
  usage: Usage;
  costUsd: number | null;
  startedAt: Date;
  updatedAt: Date;
}

export const PROGRESS_MARKER = "<!-- stacksmith:progress -->";

function time(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}

function subtaskLine(index: number, subtask: ProgressSubtask): string {
  const n = `${index + 1}. ${subtask.title}`;
  switch (subtask.state.kind) {
    case "pending":
      return `- [ ] ${n}: pending`;
    case "working":
      return `- [ ] ${n}: **working**`;
    case "done":
      return `- [x] ${n}: #${subtask.state.pr.number}`;
    case "failed":
      return `- [ ] ${n}: failed, ${subtask.state.reason}`;
  }
}

const HEADINGS: Record<RunStatus, string> = {
  working: "Stacksmith is working on this issue",
  done: "Stacksmith finished this issue",
  failed: "Stacksmith could not finish this issue",
};

export function renderProgress(p: Progress): string {
  const lines = [PROGRESS_MARKER, `### ${HEADINGS[p.status]}`, ""];
  if (p.status === "working" && p.step !== null) lines.push(`**Now:** ${p.step}`, "");
  if (p.message !== null) lines.push(p.message, "");
  if (p.subtasks.length > 0) {
    lines.push("**Plan**", "", ...p.subtasks.map((s, i) => subtaskLine(i, s)), "");
  }
  const tokens = `${count(p.usage.inputTokens + p.usage.cacheReadTokens + p.usage.cacheWriteTokens)} input and ${count(p.usage.outputTokens)} output tokens`;
  const cost = p.costUsd === null ? "" : ` · $${p.costUsd.toFixed(2)}`;
  lines.push(`<sub>${p.model} · ${tokens}${cost} · started ${time(p.startedAt)} · updated ${time(p.updatedAt)}</sub>`);
  return lines.join("\n");
}
