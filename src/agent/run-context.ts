import type { RepoConfig } from "../config/repo-config.js";
import type { GitHubClient } from "../github/github-client.js";
import type { GitAuthor, Workspace } from "../git/workspace.js";
import { addUsage, type ModelClient, type Usage } from "../llm/model-client.js";
import { priceFor, type PriceTable } from "../llm/pricing.js";
import type { OutcomeSink } from "../dataset/part-outcome.js";
import type { Job } from "../queue/job.js";
import type { Clock } from "../shared/clock.js";
import { StacksmithError } from "../shared/errors.js";
import type { Logger } from "../shared/logger.js";
import { BudgetedModel, runLimits } from "./budgeted-model.js";
import type { ProgressReporter } from "./progress-reporter.js";
import type { ReplyLimiter } from "./reply-limiter.js";
import type { UsageLedger } from "./usage-ledger.js";

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
  /** The server's prices (DEFAULT_PRICES and STACKSMITH_PRICES); a model without one is refused. */
  prices: PriceTable;
  limits: ServerLimits;
  ledger: UsageLedger;
  /** At most one "no write access" reply per person and issue an hour. */
  replies: ReplyLimiter;
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
  #model: BudgetedModel | undefined;
  #workspace: Promise<Workspace> | undefined;

  constructor(init: { job: Job; deps: JobDeps; github: GitHubClient; config: RepoConfig; progress: ProgressReporter; modelId: string; log: Logger }) {
    this.job = init.job;
    this.deps = init.deps;
    this.github = init.github;
    this.config = init.config;
    this.progress = init.progress;
    this.modelId = init.modelId;
    this.log = init.log;
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
   * The model, behind the run's budget: every call is accounted to this job, the issue and the
   * repository's day, and a call that would start past a budget stops the run (BUDGET_EXCEEDED).
   */
  model(): ModelClient {
    if (this.#model === undefined) {
      const price = priceFor(this.modelId, this.deps.prices);
      if (price === null) throw new StacksmithError("MODEL_NOT_CONFIGURED", "this server has no price for the model, so its cost could not be limited; the app's operator must add one");
      this.#model = new BudgetedModel({
        inner: this.deps.model(this.modelId),
        price,
        repo: `${this.job.repo.owner}/${this.job.repo.name}`,
        ledger: this.deps.ledger,
        clock: this.deps.clock,
        limits: runLimits(this.config, this.deps.limits),
        onCall: (usage, costUsd) => this.#account(usage, costUsd),
      });
    }
    return this.#model;
  }

  /** Adds a model call's tokens and cost to the issue's totals. */
  #account(usage: Usage, costUsd: number): void {
    const { state } = this.progress;
    this.progress.set({ usage: addUsage(state.usage, usage), costUsd: (state.costUsd ?? 0) + costUsd });
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
