import { labelOf, parseRepoConfig, type RepoConfig } from "../config/repo-config.js";
import type { GitHubClient, PullRequestRef, ReactionTarget } from "../github/github-client.js";
import { renderPullRequestBody } from "../github/pr-body.js";
import type { FileChange, GitAuthor, Workspace } from "../git/workspace.js";
import { addUsage, zeroUsage, type ModelClient, type Usage } from "../llm/model-client.js";
import { costOf } from "../llm/pricing.js";
import type { Job } from "../queue/job.js";
import type { Clock } from "../shared/clock.js";
import { isStacksmithError, StacksmithError } from "../shared/errors.js";
import type { Logger } from "../shared/logger.js";
import { branchName } from "./branch-name.js";
import { runEditLoop } from "./edit-loop.js";
import { ProgressReporter } from "./progress-reporter.js";
import { EDIT_SYSTEM_PROMPT, renderIssuePrompt } from "./prompts.js";
import { REPO_TOOLS } from "./repo-tools.js";
import { RepoView } from "./repo-view.js";

export const CONFIG_PATH = ".github/stacksmith.yml";
const MAX_OUTPUT_TOKENS = 16_000;
const MAX_LISTED_FILES = 400;

/** Everything a job touches outside itself, built by a composition root. */
export interface JobDeps {
  github: (job: Job) => Promise<GitHubClient>;
  clone: (input: { url: string; branch: string; token: () => Promise<string> }) => Promise<Workspace>;
  /** A client for this model id; throws a MODEL_NOT_CONFIGURED error when no credentials are set. */
  model: (modelId: string) => ModelClient;
  defaultModel: string;
  author: GitAuthor;
  clock: Clock;
  log: Logger;
}

export type JobOutcome =
  | { kind: "ignored"; reason: string }
  | { kind: "done"; pullRequest: PullRequestRef }
  | { kind: "failed"; reason: string };

function isProtectedPath(path: string): boolean {
  return path.startsWith(".github/workflows/");
}

/**
 * One run for one issue:
 *  1. read and validate the repository's config (default branch only)
 *  2. acknowledge: 👀 on the trigger, the progress comment
 *  3. clone the default branch in memory
 *  4. edit: the model reads the code and answers with SEARCH/REPLACE blocks until they apply
 *  5. commit on the issue's branch and push
 *  6. open (or update) the draft pull request
 *  7. report the outcome in the progress comment
 */
export async function runJob(job: Job, deps: JobDeps): Promise<JobOutcome> {
  const log = deps.log.child({ jobId: job.id, repo: `${job.repo.owner}/${job.repo.name}`, issue: job.trigger.issue });
  const github = await deps.github(job);
  const { trigger, repo } = job;

  // 1. Config, from the default branch only.
  const configText = await github.readFile(CONFIG_PATH, repo.defaultBranch);
  const parsed = parseRepoConfig(configText);
  const label = parsed.ok ? parsed.config.label : labelOf(configText);
  if (trigger.kind === "issue-label" && trigger.label !== label) {
    return { kind: "ignored", reason: `label ${trigger.label} is not the trigger label ${label}` };
  }

  // 2. Acknowledge.
  const target: ReactionTarget = trigger.kind === "issue-command" ? { kind: "comment", commentId: trigger.commentId } : { kind: "issue", issue: trigger.issue };
  await github.react(target, "eyes");
  const modelId = (parsed.ok ? parsed.config.model : undefined) ?? deps.defaultModel;
  const now = deps.clock.now();
  const progress = new ProgressReporter(
    github,
    { issue: trigger.issue, status: "working", step: "Starting", subtasks: [], message: null, model: modelId, usage: zeroUsage, costUsd: 0, startedAt: now, updatedAt: now },
    deps.clock,
    log,
  );
  await progress.post();
  if (!parsed.ok) {
    await progress.update({ status: "failed", step: null, message: `**Configuration error.** ${parsed.error}` });
    return { kind: "failed", reason: parsed.error };
  }

  try {
    const pullRequest = await work(job, deps, github, parsed.config, modelId, progress, log);
    log.info({ pr: pullRequest.number }, "job done");
    return { kind: "done", pullRequest };
  } catch (err) {
    const reason = isStacksmithError(err) ? err.message : `an internal error occurred (job ${job.id}); the details are in the server log`;
    if (isStacksmithError(err)) log.warn({ code: err.code, err }, "job failed");
    else log.error({ err }, "job failed with an unexpected error");
    const subtasks = progress.state.subtasks.map((s) => (s.state.kind === "working" ? { ...s, state: { kind: "failed" as const, reason: "stopped" } } : s));
    await progress.update({ status: "failed", step: null, subtasks, message: `**Failed:** ${reason}. Nothing was pushed.` });
    return { kind: "failed", reason };
  }
}

async function work(
  job: Job,
  deps: JobDeps,
  github: GitHubClient,
  config: RepoConfig,
  modelId: string,
  progress: ProgressReporter,
  log: Logger,
): Promise<PullRequestRef> {
  const { trigger, repo } = job;
  const model = deps.model(modelId);
  let usage: Usage = zeroUsage;
  const costUsd = () => costOf(usage, modelId);

  // 3. Clone.
  await progress.update({ step: "Cloning the repository" });
  const token = () => github.installationToken();
  const workspace = await deps.clone({ url: repo.cloneUrl, branch: repo.defaultBranch, token });
  const issue = await github.getIssue(trigger.issue);
  const view = await RepoView.open(workspace, workspace.head);
  log.info({ files: view.files.length, head: workspace.head }, "cloned");

  // 4. Edit.
  await progress.update({ step: "Reading the code and writing the change", subtasks: [{ title: issue.title, state: { kind: "working" } }] });
  const result = await runEditLoop({
    model,
    view,
    system: EDIT_SYSTEM_PROMPT,
    prompt: renderIssuePrompt({
      repo: `${repo.owner}/${repo.name}`,
      issue: issue.number,
      title: issue.title,
      body: issue.body,
      instructions: trigger.kind === "issue-command" ? trigger.instructions : null,
      files: view.files.map((f) => f.path),
      maxListedFiles: MAX_LISTED_FILES,
    }),
    tools: REPO_TOOLS,
    maxToolTurns: config.maxToolTurns,
    maxEditRounds: config.maxEditRounds,
    maxOutputTokens: MAX_OUTPUT_TOKENS,
    isProtected: isProtectedPath,
    onUsage: (u) => {
      usage = addUsage(usage, u);
      progress.set({ usage, costUsd: costUsd() });
    },
  });
  if (result.kind === "failed") {
    throw new StacksmithError("EDIT_FAILED", result.reason);
  }
  const changes: FileChange[] = [];
  for (const [path, content] of result.changes) {
    const before = await view.state(path);
    const unchanged = content === null ? before.kind === "missing" : before.kind === "text" && before.content === content;
    if (!unchanged) changes.push({ path, content });
  }
  if (changes.length === 0) throw new StacksmithError("EDIT_FAILED", "the model's edits leave every file as it was");

  // 5. Commit and push.
  await progress.update({ step: "Pushing the branch", usage, costUsd: costUsd() });
  const branch = branchName(issue.number, 1, issue.title);
  const commit = await workspace.commit({
    parent: workspace.head,
    changes,
    message: `${issue.title}\n\nFixes #${issue.number}`,
    author: deps.author,
    timestamp: Math.floor(deps.clock.now().getTime() / 1000),
  });
  await workspace.push({ branch, commit, force: true });

  // 6. Pull request.
  const body = renderPullRequestBody({
    issue: issue.number,
    summary: result.summary,
    files: changes.map((c) => c.path),
    usageLine: usageLine(modelId, usage, costUsd()),
  });
  const existing = await github.findPullRequest(branch);
  const pullRequest =
    existing ??
    (await github.createPullRequest({ title: issue.title, body, head: branch, base: repo.defaultBranch, draft: config.draft }));
  if (existing !== null) await github.updatePullRequest(existing.number, { body });

  // 7. Report.
  await progress.update({
    status: "done",
    step: null,
    usage,
    costUsd: costUsd(),
    message: `Opened ${pullRequest.url}.`,
    subtasks: [{ title: issue.title, state: { kind: "done", pr: { number: pullRequest.number, url: pullRequest.url } } }],
  });
  return pullRequest;
}

function usageLine(model: string, usage: Usage, cost: number | null): string {
  const input = usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens;
  return `${model}, ${input.toLocaleString("en-US")} input and ${usage.outputTokens.toLocaleString("en-US")} output tokens${cost === null ? "" : `, $${cost.toFixed(2)}`}`;
}
