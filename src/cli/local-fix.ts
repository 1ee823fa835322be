import { slugify } from "../agent/branch-name.js";
import { runEditLoop } from "../agent/edit-loop.js";
import { planIssue, type PlannedStep } from "../agent/plan.js";
import { EDIT_SYSTEM_PROMPT, renderPlanPrompt, renderSubtaskPrompt, type IssueText } from "../agent/prompts.js";
import { netChanges } from "../agent/change.js";
import { writeProblem } from "../agent/write-guard.js";
import { REPO_TOOLS } from "../agent/repo-tools.js";
import { RepoView } from "../agent/repo-view.js";
import type { Locate } from "../dataset/agent-locate.js";
import type { GitRepository } from "../git/git-repository.js";
import type { GitAuthor } from "../git/workspace.js";
import { addUsage, zeroUsage, type ModelClient, type Usage } from "../llm/model-client.js";
import { newFrameNonce } from "../shared/frame-nonce.js";

/**
 * The agent's pipeline on a repository on disk, without GitHub: locate, plan, then per
 * subtask the edit loop on top of the previous subtask's commit. Each part's commit is
 * written into the repository's object store and a branch `<prefix>/<k>-<slug>` points at it.
 */

export interface LocalFixSettings {
  model: ModelClient;
  locate: Locate;
  author: GitAuthor;
  branchPrefix: string;
  maxSubtasks: number;
  maxEditRounds: number;
  maxToolTurns: number;
  /** Paths the model may not edit (the repository config's `protectedPaths`). */
  isProtected: (path: string) => boolean;
  /** Seconds since the epoch for the commits. */
  timestamp: number;
  /** The id that frames untrusted text in the prompts; a fresh one when absent. */
  nonce?: string;
}

export type PartResult =
  | { kind: "done"; k: number; title: string; branch: string; commit: string; base: string; files: string[]; summary: string }
  | { kind: "failed"; k: number; title: string; reason: string }
  | { kind: "skipped"; k: number; title: string };

export interface LocalFixResult {
  located: string[];
  planned: PlannedStep[];
  /** Why planning failed, when the issue was worked on as one part. */
  planProblem: string | null;
  parts: PartResult[];
  usage: Usage;
}

const MAX_LISTED_FILES = 400;

export function localBranch(prefix: string, k: number, title: string): string {
  return `${prefix}/${k}-${slugify(title)}`;
}


export async function runLocalFix(repo: GitRepository, issue: IssueText, settings: LocalFixSettings, onPart: (part: PartResult) => void = () => undefined): Promise<LocalFixResult> {
  let usage = zeroUsage;
  const onUsage = (u: Usage): void => {
    usage = addUsage(usage, u);
  };
  const nonce = settings.nonce ?? newFrameNonce();
  const task = `${issue.title}\n\n${issue.body}`;
  const found = await settings.locate(repo, repo.head, task);
  onUsage(found.usage);
  const located = found.files;
  const view = await RepoView.open(repo, repo.head);
  const files = view.files.map((f) => f.path);
  const plan = await planIssue({
    model: settings.model,
    view,
    nonce,
    prompt: renderPlanPrompt({ issue, repoMap: files.slice(0, MAX_LISTED_FILES).join("\n"), edit: located, read: [], maxSubtasks: settings.maxSubtasks, nonce }),
    maxSubtasks: settings.maxSubtasks,
    maxToolTurns: settings.maxToolTurns,
    maxOutputTokens: 8_000,
    onUsage,
  });
  const planned = plan.kind === "planned" ? plan.steps : [{ title: issue.title, goal: "Resolve the issue as described.", files: located, why: "" }];
  const parts: PartResult[] = [];
  let base = repo.head;
  for (let k = 1; k <= planned.length; k++) {
    const step = planned[k - 1] as PlannedStep;
    if (parts.some((p) => p.kind === "failed")) {
      parts.push({ kind: "skipped", k, title: step.title });
      onPart(parts[parts.length - 1] as PartResult);
      continue;
    }
    const partView = await RepoView.open(repo, base);
    const result = await runEditLoop({
      model: settings.model,
      view: partView,
      system: EDIT_SYSTEM_PROMPT,
      prompt: renderSubtaskPrompt({ issue, plan: planned, k, files: partView.files.map((f) => f.path), maxListedFiles: MAX_LISTED_FILES, nonce }),
      tools: REPO_TOOLS,
      maxToolTurns: settings.maxToolTurns,
      maxEditRounds: settings.maxEditRounds,
      maxOutputTokens: 16_000,
      isProtected: settings.isProtected,
      onUsage,
    });
    const changes = result.kind === "edited" ? await netChanges(partView, result.changes) : [];
    const problem =
      result.kind === "failed"
        ? result.reason
        : changes.length === 0
          ? "the model's edits leave every file as it was"
          : writeProblem(partView, changes, { isProtected: settings.isProtected });
    let part: PartResult;
    if (problem !== null || result.kind === "failed") part = { kind: "failed", k, title: step.title, reason: problem ?? "" };
    else {
      const message = `${step.title}\n\n${planned.length > 1 ? `Part ${k} of ${planned.length}: ` : ""}${step.goal}`;
      const commit = await repo.commit({ parent: base, changes, message, author: settings.author, timestamp: settings.timestamp });
      const branch = localBranch(settings.branchPrefix, k, step.title);
      await repo.setRef(`refs/heads/${branch}`, commit);
      part = { kind: "done", k, title: step.title, branch, commit, base, files: changes.map((c) => c.path), summary: result.summary };
      base = commit;
    }
    parts.push(part);
    onPart(part);
  }
  return { located, planned, planProblem: plan.kind === "failed" ? plan.reason : null, parts, usage };
}
