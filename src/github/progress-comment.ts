import { z } from "zod";
import type { Usage } from "../llm/model-client.js";
import { hiddenData, readHiddenData } from "./hidden-data.js";
import { escapeComments, untrustedBlock, untrustedLine } from "./markdown-text.js";
import type { StateSeal } from "./state-key.js";

/**
 * The single progress comment on an issue. It is both what people read and where the
 * run's state lives (a hidden marker), so any worker can pick the issue up again.
 */

const PrLink = z.object({ number: z.number().int(), url: z.string() });

export const SubtaskState = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("pending") }),
  z.object({ kind: z.literal("working") }),
  z.object({ kind: z.literal("done"), pr: PrLink }),
  z.object({ kind: z.literal("merged"), pr: PrLink }),
  z.object({ kind: z.literal("closed"), pr: PrLink }),
  z.object({ kind: z.literal("failed"), reason: z.string() }),
]);
export type SubtaskState = z.infer<typeof SubtaskState>;

export const ProgressSubtask = z.object({
  title: z.string(),
  goal: z.string(),
  files: z.array(z.string()),
  why: z.string(),
  branch: z.string(),
  state: SubtaskState,
  /** The pull request's description of its change, and the files it changed. */
  summary: z.string(),
  changed: z.array(z.string()),
  /** The commit the bot last pushed to the branch, and the commit it sits on. */
  head: z.string().nullable(),
  base: z.string().nullable(),
  /** A push the bot was making when it last wrote this state: the branch is at `head` or at this. */
  pushing: z.string().nullable().default(null),
  ciAttempts: z.number().int().nonnegative(),
  /** The head commit whose failed checks were last looked at. */
  ciCheckedSha: z.string().nullable().default(null),
  /** The head commit whose failed jobs were re-run once (they failed for a reason outside the code). */
  ciRerunSha: z.string().nullable().default(null),
  /** Someone else pushed to the branch: the bot never rewrites it again. */
  handsOff: z.boolean(),
  /**
   * What the app's last push changes from the commit it sits on: how many commits it is above
   * it, and each changed path's blob before and after. By this the app knows its own change
   * again after GitHub has rebased it (a native stack's cascade), without the old commits.
   */
  change: z
    .object({
      commits: z.number().int().positive(),
      files: z.array(z.object({ path: z.string(), before: z.string().nullable(), after: z.string().nullable() })),
    })
    .nullable()
    .default(null),
  /** The new base the app last offered to merge into this branch (`/agent restack`), so the offer is made once. */
  restackOffered: z.string().nullable().default(null),
});
export type ProgressSubtask = z.infer<typeof ProgressSubtask>;

/** waiting: the plan is posted and waits for `/agent go` (`approvePlan`). */
export const RunStatus = z.enum(["working", "waiting", "done", "failed", "stopped"]);
export type RunStatus = z.infer<typeof RunStatus>;

const UsageSchema = z.object({
  inputTokens: z.number(),
  outputTokens: z.number(),
  cacheReadTokens: z.number(),
  cacheWriteTokens: z.number(),
});

export const Progress = z.object({
  issue: z.number().int(),
  status: RunStatus,
  /** What the run is doing now, while working. */
  step: z.string().nullable(),
  /** The outcome for the reader: a summary when done, the reason when failed or stopped. */
  message: z.string().nullable(),
  planId: z.string().nullable(),
  subtasks: z.array(ProgressSubtask),
  /** The native GitHub stack the parts' pull requests form, when they form one. */
  stack: z.object({ number: z.number().int().positive() }).nullable().default(null),
  /** Dated events after the stack was opened (revisions, restacks, CI fixes). */
  notes: z.array(z.object({ at: z.coerce.date(), text: z.string() })),
  model: z.string(),
  usage: UsageSchema,
  costUsd: z.number().nullable(),
  startedAt: z.coerce.date(),
  updatedAt: z.coerce.date(),
  /** Webhook deliveries already handled (the most recent ones). */
  deliveries: z.array(z.string()),
});
export type Progress = z.infer<typeof Progress> & { usage: Usage };

export const PROGRESS_MARKER = "<!-- stacksmith:progress -->";
const MAX_NOTES = 10;
const MAX_DELIVERIES = 50;

function time(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}

function subtaskLine(index: number, subtask: ProgressSubtask): string {
  const n = `${index + 1}. ${untrustedLine(subtask.title, 200)}`;
  const note = subtask.handsOff ? " (has commits from someone else; left alone)" : "";
  switch (subtask.state.kind) {
    case "pending":
      return `- [ ] ${n}: pending`;
    case "working":
      return `- [ ] ${n}: **working**`;
    case "done":
      return `- [x] ${n}: #${subtask.state.pr.number}${note}`;
    case "merged":
      return `- [x] ${n}: #${subtask.state.pr.number}, merged`;
    case "closed":
      return `- [ ] ${n}: #${subtask.state.pr.number}, closed without merging`;
    case "failed":
      return `- [ ] ${n}: failed, ${untrustedLine(subtask.state.reason, 1_000)}`;
  }
}

const HEADINGS: Record<RunStatus, string> = {
  working: "Stacksmith is working on this issue",
  waiting: "Stacksmith planned this issue and waits for approval",
  done: "Stacksmith finished this issue",
  failed: "Stacksmith could not finish this issue",
  stopped: "Stacksmith stopped working on this issue",
};

/**
 * The comment's text. Every field is escaped (markdown-text.ts): titles, reasons, notes and
 * messages quote model answers and file paths, which must not hide text, load images, ping
 * people or pass for the state marker, which is always the last line.
 */
export function renderProgress(p: Progress, seal: StateSeal): string {
  const lines = [PROGRESS_MARKER, `### ${HEADINGS[p.status]}`, ""];
  if (p.status === "working" && p.step !== null) lines.push(`**Now:** ${untrustedLine(p.step, 300)}`, "");
  if (p.message !== null) lines.push(untrustedBlock(p.message, 10_000), "");
  if (p.subtasks.length > 0) {
    lines.push("**Plan**", "", ...p.subtasks.map((s, i) => subtaskLine(i, s)), "");
  }
  if (p.notes.length > 0) {
    lines.push("**History**", "", ...p.notes.map((n) => `- ${time(n.at)}: ${untrustedLine(n.text, 1_000)}`), "");
  }
  const tokens = `${count(p.usage.inputTokens + p.usage.cacheReadTokens + p.usage.cacheWriteTokens)} input and ${count(p.usage.outputTokens)} output tokens`;
  const cost = p.costUsd === null ? "" : ` · $${p.costUsd.toFixed(2)}`;
  lines.push(`<sub>${escapeComments(untrustedLine(p.model, 100))} · ${tokens}${cost} · started ${time(p.startedAt)} · updated ${time(p.updatedAt)}</sub>`);
  lines.push(hiddenData("state", p, seal));
  return lines.join("\n");
}

/** The state of a progress comment, or null when the text holds none that verifies for this issue. */
export function parseProgress(body: string, seal: StateSeal): Progress | null {
  if (!body.startsWith(PROGRESS_MARKER)) return null;
  const result = Progress.safeParse(readHiddenData("state", body, seal));
  return result.success ? result.data : null;
}

export function withNote(p: Progress, at: Date, text: string): Progress {
  return { ...p, notes: [...p.notes, { at, text }].slice(-MAX_NOTES) };
}

export function withDelivery(p: Progress, delivery: string): Progress {
  return { ...p, deliveries: [...p.deliveries.filter((d) => d !== delivery), delivery].slice(-MAX_DELIVERIES) };
}
