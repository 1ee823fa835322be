import type { RepoConfig } from "../config/repo-config.js";
import type { GitHubClient } from "../github/github-client.js";
import type { GitAuthor, Workspace } from "../git/workspace.js";
import { addUsage, type ModelClient, type Usage } from "../llm/model-client.js";
import { costOf, type ModelPrice } from "../llm/pricing.js";
import type { OutcomeSink } from "../dataset/part-outcome.js";
import type { Job } from "../queue/job.js";
import type { Clock } from "../shared/clock.js";
import { StacksmithError } from "../shared/errors.js";
import { newFrameNonce } from "../shared/frame-nonce.js";
import type { Logger } from "../shared/logger.js";
import type { ProgressReporter } from "./progress-reporter.js";
import { utcDay, type UsageLedger } from "./usage-ledger.js";

/** The server's own ceilings; a repository's config may only lower them. */
export interface ServerLimits {
  maxUsdPerRun: number;
  maxRunsPerRepoPerDay: number;
  maxUsdPerRepoPerDay: number;
  /** Repositories larger than this (as GitHub reports their size) are not cloned. */
  maxRepoMb: number;
  /** Trees with more files than this are refused. */
  maxFiles: number;
}

/** Everything a job touches outside itself, built by a composition root. */
export interface JobDeps {
  github: (job: Job) => Promise<GitHubClient>;
  clone: (input: { url: string; branch: string; token: (refresh?: boolean) => Promise<string> }) => Promise<Workspace>;
  /** A client for this model id; throws a MODEL_NOT_CONFIGURED error when no credentials are set. */
  model: (modelId: string) => ModelClient;
  defaultModel: string;
  prices?: Readonly<Record<string, ModelPrice>>;
  limits: ServerLimits;
  ledger: UsageLedger;
  author: GitAuthor;
  clock: Clock;
  log: Logger;
  /** Where the outcome of each bot pull request is recorded (the dataset flywheel); none: not recorded. */
  outcomes?: OutcomeSink;
}

/** One job's view of its run: the issue's progress, the repository, the model, and the bill. */
export class RunContext {
  readonly job: Job;
  readonly deps: JobDeps;
  readonly github: GitHubClient;
  readonly config: RepoConfig;
  readonly progress: ProgressReporter;
  readonly modelId: string;
  readonly log: Logger;
  /** The id that frames untrusted text in this job's prompts (random, made once per job). */
  readonly frameNonce: string;
  #model: ModelClient | undefined;
  #workspace: Promise<Workspace> | undefined;
  /** Whether this job counted as one of the repository's runs today (its first model call). */
  #counted = false;
  /** This job's own model use, which the per-run budget limits. */
  #run: { calls: number; usage: Usage } = { calls: 0, usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 } };

  constructor(init: { job: Job; deps: JobDeps; github: GitHubClient; config: RepoConfig; progress: ProgressReporter; modelId: string; log: Logger; frameNonce?: string }) {
    this.job = init.job;
    this.deps = init.deps;
    this.github = init.github;
    this.config = init.config;
    this.progress = init.progress;
    this.modelId = init.modelId;
    this.log = init.log;
    this.frameNonce = init.frameNonce ?? newFrameNonce();
  }

  get issue(): number {
    return this.job.trigger.issue;
  }

  get now(): Date {
    return this.deps.clock.now();
  }

  get timestamp(): number {
    return Math.floor(this.now.getTime() / 1000);
  }

  /**
   * The model, behind the run's budget: every call is accounted to this job and the issue, and
   * a call that would start past the budget stops the run (BUDGET_EXCEEDED).
   */
  model(): ModelClient {
    if (this.#model === undefined) {
      const inner = this.deps.model(this.modelId);
      this.#model = {
        model: inner.model,
        complete: async (request) => {
          if (!this.#counted) await this.#countRun();
          const reached = this.budgetReached();
          if (reached !== null) throw new StacksmithError("BUDGET_EXCEEDED", `the run reached its budget (${reached})`);
          const response = await inner.complete(request);
          this.#account(response.usage);
          return response;
        },
      };
    }
    return this.#model;
  }

  /** This job's spend so far, in dollars (0 when the model has no known price). */
  get runCostUsd(): number {
    return costOf(this.#run.usage, this.modelId, this.deps.prices) ?? 0;
  }

  /** Adds a model call's tokens and cost to this job's and the issue's totals. */
  #account(usage: Usage): void {
    const total = addUsage(this.progress.state.usage, usage);
    this.progress.set({ usage: total, costUsd: costOf(total, this.modelId, this.deps.prices) });
    this.#run = { calls: this.#run.calls + 1, usage: addUsage(this.#run.usage, usage) };
  }

  /** What of this job's budget is used up, or null while there is room for another model call. */
  budgetReached(): string | null {
    const b = this.config.budget;
    const maxUsd = Math.min(b.maxCostUsd, this.deps.limits.maxUsdPerRun);
    const { calls, usage } = this.#run;
    const input = usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens;
    if (calls >= b.maxModelCalls) return `${calls} of ${b.maxModelCalls} model calls`;
    if (input >= b.maxInputTokens) return `${input.toLocaleString("en-US")} of ${b.maxInputTokens.toLocaleString("en-US")} input tokens`;
    if (usage.outputTokens >= b.maxOutputTokens) return `${usage.outputTokens.toLocaleString("en-US")} of ${b.maxOutputTokens.toLocaleString("en-US")} output tokens`;
    if (this.runCostUsd >= maxUsd) return `$${this.runCostUsd.toFixed(2)} of $${maxUsd.toFixed(2)}`;
    return null;
  }

  get #repoKey(): string {
    return `${this.job.repo.owner}/${this.job.repo.name}`;
  }

  /** A job that uses the model is one of the repository's runs today, if the daily budget has room. */
  async #countRun(): Promise<void> {
    const day = utcDay(this.now);
    const today = await this.deps.ledger.today(this.#repoKey, day);
    const maxRuns = Math.min(this.config.daily.maxRuns, this.deps.limits.maxRunsPerRepoPerDay);
    const maxUsd = Math.min(this.config.daily.maxCostUsd, this.deps.limits.maxUsdPerRepoPerDay);
    if (today.runs >= maxRuns || today.costUsd >= maxUsd) {
      const used = today.runs >= maxRuns ? `${today.runs} of ${maxRuns} runs` : `$${today.costUsd.toFixed(2)} of $${maxUsd.toFixed(2)}`;
      throw new StacksmithError("BUDGET_EXCEEDED", `this repository used its daily budget (${used} on ${day} UTC); try again tomorrow`);
    }
    await this.deps.ledger.addRun(this.#repoKey, day);
    this.#counted = true;
  }

  /** Adds this job's spend to the repository's day. */
  async settle(): Promise<void> {
    if (this.runCostUsd > 0) await this.deps.ledger.addCost(this.#repoKey, utcDay(this.now), this.runCostUsd);
  }

  /** The repository cloned in memory, once per job, after checking it is one the server takes. */
  workspace(): Promise<Workspace> {
    this.#workspace ??= this.#clone();
    return this.#workspace;
  }

  async #clone(): Promise<Workspace> {
    const { repo } = this.job;
    const { maxRepoMb, maxFiles } = this.deps.limits;
    if (repo.archived) throw new StacksmithError("REPO_ARCHIVED", "the repository is archived, so nothing can be pushed to it");
    const mb = repo.sizeKb / 1024;
    if (mb > maxRepoMb) {
      throw new StacksmithError("REPO_TOO_LARGE", `the repository is ${Math.round(mb)} MB, over this server's limit of ${maxRepoMb} MB for an in-memory clone`);
    }
    const ws = await this.deps.clone({ url: repo.cloneUrl, branch: repo.defaultBranch, token: (refresh) => this.github.installationToken(refresh) });
    const files = (await ws.listFiles(ws.head)).length;
    if (files > maxFiles) {
      throw new StacksmithError("REPO_TOO_LARGE", `the repository has ${files.toLocaleString("en-US")} files, over this server's limit of ${maxFiles.toLocaleString("en-US")}`);
    }
    return ws;
  }
}
